/** docker-py's high-level API (docker.from_env(), DOCKER_HOST pointed at mockerd): containers, images, networks, volumes, swarm, services, secrets, configs. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'py');

function runPython(script: string): Promise<Record<string, unknown>> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: t.daemon.dockerHost };
  delete env.DOCKER_TLS_VERIFY;
  delete env.DOCKER_CERT_PATH;
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', [path.join(dir, script)], { timeout: 90_000, env }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker-py ${script} failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe('docker-py high-level API (docker.from_env)', () => {
  it('pulls, tags, builds and removes images; runs, lists, execs, stops, waits, attaches and removes containers; manages networks and volumes', async () => {
    const r = await runPython('highlevel_containers.py');
    expect(r.ping).toBe(true);
    expect(r.version_api).toMatch(/^1\.\d+$/);

    expect(r.pull_tags).toContain('alpine:latest');
    expect(r.list_has_alpine).toBe(true);
    expect(r.get_id_matches).toBe(true);
    expect(r.tag).toBe(true);
    expect(r.tagged_tags).toEqual(['alpine:latest', 'example/mine:v1']);
    expect(r.list_filtered).toEqual([['alpine:latest', 'example/mine:v1']]);
    expect(r.removed_tag).toBe('not found');
    expect(r.alpine_survives).toBe(true);
    expect(r.build_tags).toEqual(['example/built:1']);
    expect(r.build_label).toBe('docker-py');
    expect(r.build_log_has_success).toBe(true);
    expect(r.build_run_output).toBe('built\n');
    expect(r.pull_missing).toBe('NotFound');

    expect(r.run_status).toBe('running');
    expect(r.run_name).toBe('py-worker');
    expect(r.run_labels).toEqual({ suite: 'py' });
    expect(r.list_names).toEqual(['py-worker']);
    expect(r.get_same).toBe(true);
    expect(r.get_short).toBe('py-worker');
    expect(r.logs).toBe('started\n');
    expect(r.exec_code).toBe(0);
    expect(r.exec_has_alpine).toBe(true);
    expect(r.exec_env).toBe('bar\n');
    expect(r.stopped_status).toBe('exited');
    expect(typeof r.wait).toBe('number');
    expect(r.list_all_has_stopped).toBe(true);
    expect(r.list_running_has_stopped).toBe(false);
    expect(r.after_remove).toBe('NotFound');
    expect(r.wait_exit).toBe(7);
    expect(r.attach_stdin_echo).toBe('line one\nline two\n');
    expect(r.attach_exit).toBe(0);

    expect(r.net_name).toBe('py-net');
    expect(r.net_listed).toEqual(['py-net']);
    expect(r.net_get).toBe('bridge');
    expect(r.net_containers).toEqual(['py-peer']);
    expect(r.peer_networks).toEqual(['bridge', 'py-net']);
    expect(r.peer_aliases_has).toBe(true);
    expect(r.net_containers_after).toEqual([]);
    expect(r.net_after_remove).toBe('NotFound');

    expect(r.vol_name).toBe('py-vol');
    expect(r.vol_driver).toBe('local');
    expect(r.vol_listed).toBe(true);
    expect(r.vol_read_back).toBe('persisted\n');
    expect(r.vol_after_remove).toBe(false);
  });

  it('inits a swarm, lists nodes, creates/scales/removes services, and manages secrets and configs', async () => {
    const r = await runPython('highlevel_swarm.py');
    expect(r.init_node_id).toMatch(/^[a-z0-9]{25}$/);
    expect(r.swarm_has_id).toBe(true);
    expect(r.worker_token).toBe('SWMTKN-1-');
    expect(r.info_swarm_state).toBe('active');
    expect(r.nodes).toEqual([{ role: 'manager', leader: true }]);
    expect(r.node_get).toBe(true);
    expect(r.managers).toBe(1);

    expect(r.svc_name).toBe('py-svc');
    expect(r.svc_listed).toEqual(['py-svc']);
    expect(r.tasks_running).toBe(1);
    expect(r.task_service_id).toBe(true);
    expect(r.scale).toEqual({ Warnings: null });
    expect(r.replicas).toBe(3);
    expect(r.tasks_after_scale).toBe(3);
    expect(r.svc_get).toBe(true);
    expect(r.svc_after_remove).toEqual([]);

    expect(r.secret_listed).toEqual(['py-secret']);
    expect(r.secret_name).toBe('py-secret');
    expect(r.secret_data_hidden).toBe(true);
    expect(r.secret_after_remove).toEqual([]);
    expect(r.config_listed).toEqual(['py-config']);
    expect(r.config_name).toBe('py-config');
    expect(r.config_data).toBe('key=value');
    expect(r.config_after_remove).toEqual([]);
    expect(r.leave).toBe(true);
  });
});

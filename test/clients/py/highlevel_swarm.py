"""docker.from_env() swarm, node, service, secret and config flows (DOCKER_HOST set by the
test); prints one JSON object of what a user would check."""
import json
import time

import docker

client = docker.from_env()
r = {}

node_id = client.swarm.init(advertise_addr="10.0.0.2", listen_addr="0.0.0.0:2377")
r["init_node_id"] = node_id
client.swarm.reload()
r["swarm_has_id"] = bool(client.swarm.id)
r["worker_token"] = client.swarm.attrs["JoinTokens"]["Worker"][:9]
r["info_swarm_state"] = client.info()["Swarm"]["LocalNodeState"]

nodes = client.nodes.list()
r["nodes"] = [{"role": n.attrs["Spec"]["Role"], "leader": n.attrs.get("ManagerStatus", {}).get("Leader")} for n in nodes]
r["node_get"] = client.nodes.get(node_id).id == node_id
r["managers"] = len(client.nodes.list(filters={"role": "manager"}))

# services: create, tasks, scale, remove
svc = client.services.create("alpine", ["sleep", "300"], name="py-svc", labels={"suite": "py"})
r["svc_name"] = svc.name
r["svc_listed"] = [s.name for s in client.services.list(filters={"name": "py-svc"})]


def running(service, want):
    for _ in range(600):
        tasks = [t for t in service.tasks() if t["Status"]["State"] == "running"]
        if len(tasks) == want:
            return tasks
        time.sleep(0.05)
    return [t["Status"]["State"] for t in service.tasks()]


r["tasks_running"] = len(running(svc, 1))
r["task_service_id"] = svc.tasks()[0]["ServiceID"] == svc.id
r["scale"] = svc.scale(3)
svc.reload()
r["replicas"] = svc.attrs["Spec"]["Mode"]["Replicated"]["Replicas"]
r["tasks_after_scale"] = len(running(svc, 3))
r["svc_get"] = client.services.get("py-svc").id == svc.id
svc.remove()
r["svc_after_remove"] = [s.name for s in client.services.list()]

# secrets
sec = client.secrets.create(name="py-secret", data=b"s3cr3t", labels={"suite": "py"})
r["secret_listed"] = [s.name for s in client.secrets.list()]
got = client.secrets.get(sec.id)
r["secret_name"] = got.name
r["secret_data_hidden"] = "Data" not in got.attrs["Spec"]
sec.remove()
r["secret_after_remove"] = [s.name for s in client.secrets.list()]

# configs
cfg = client.configs.create(name="py-config", data=b"key=value", labels={"suite": "py"})
r["config_listed"] = [c.name for c in client.configs.list()]
got = client.configs.get(cfg.id)
r["config_name"] = got.name
import base64
r["config_data"] = base64.b64decode(got.attrs["Spec"]["Data"]).decode()
cfg.remove()
r["config_after_remove"] = [c.name for c in client.configs.list()]

r["leave"] = client.swarm.leave(force=True)
print(json.dumps(r))

"""docker.from_env() container, image, network and volume flows (DOCKER_HOST set by the
test); prints one JSON object of what a user would check."""
import io
import json
import socket
import struct

import docker

client = docker.from_env()
r = {}

r["ping"] = client.ping()
r["version_api"] = client.version()["ApiVersion"]

# --- images: pull, list, get, tag, remove, build
img = client.images.pull("alpine", tag="latest")
r["pull_tags"] = img.tags
r["list_has_alpine"] = any("alpine:latest" in i.tags for i in client.images.list())
r["get_id_matches"] = client.images.get("alpine:latest").id == img.id
r["tag"] = img.tag("example/mine", "v1")
r["tagged_tags"] = sorted(client.images.get(img.id).tags)
r["list_filtered"] = [i.tags for i in client.images.list(name="example/mine")]
client.images.remove("example/mine:v1")
try:
    client.images.get("example/mine:v1")
    r["removed_tag"] = "still there"
except docker.errors.ImageNotFound:
    r["removed_tag"] = "not found"
r["alpine_survives"] = "alpine:latest" in client.images.get(img.id).tags

dockerfile = io.BytesIO(b'FROM alpine:latest\nLABEL purpose=docker-py\nRUN echo built > /built.txt\nCMD ["cat", "/built.txt"]\n')
built, logs = client.images.build(fileobj=dockerfile, tag="example/built:1", rm=True)
r["build_tags"] = built.tags
r["build_label"] = built.labels.get("purpose")
r["build_log_has_success"] = any("Successfully built" in (entry.get("stream") or "") for entry in logs)
r["build_run_output"] = client.containers.run("example/built:1", remove=True).decode()
try:
    client.images.pull("nonexistent/image-that-is-missing", tag="latest")
    r["pull_missing"] = None
except docker.errors.NotFound:
    r["pull_missing"] = "NotFound"
except docker.errors.APIError as e:
    r["pull_missing"] = "APIError %s" % e.status_code

# --- containers: run detach, list, get, logs, exec_run, stop, remove, wait
c = client.containers.run("alpine", ["sh", "-c", "echo started; sleep 300"], detach=True, name="py-worker", labels={"suite": "py"})
c.reload()
r["run_status"] = c.status
r["run_name"] = c.name
r["run_labels"] = c.labels
r["list_names"] = [x.name for x in client.containers.list(filters={"label": "suite=py"})]
r["get_same"] = client.containers.get("py-worker").id == c.id
r["get_short"] = client.containers.get(c.short_id).name
r["logs"] = c.logs().decode()
ex = c.exec_run("cat /etc/os-release")
r["exec_code"] = ex.exit_code
r["exec_has_alpine"] = "Alpine" in ex.output.decode()
ex = c.exec_run(["sh", "-c", "echo $FOO"], environment={"FOO": "bar"})
r["exec_env"] = ex.output.decode()
c.stop(timeout=1)
c.reload()
r["stopped_status"] = c.status
r["wait"] = c.wait()["StatusCode"]
r["list_all_has_stopped"] = c.id in [x.id for x in client.containers.list(all=True)]
r["list_running_has_stopped"] = c.id in [x.id for x in client.containers.list()]
c.remove()
try:
    client.containers.get("py-worker")
    r["after_remove"] = "found"
except docker.errors.NotFound:
    r["after_remove"] = "NotFound"

quick = client.containers.run("alpine", ["sh", "-c", "exit 7"], detach=True)
r["wait_exit"] = quick.wait()["StatusCode"]
quick.remove(force=True)

# attach with stdin: a container running cat, fed through attach_socket
cat = client.containers.create("alpine", ["cat"], stdin_open=True)
sock = cat.attach_socket(params={"stdin": 1, "stdout": 1, "stream": 1})
raw = sock._sock
cat.start()
raw.sendall(b"line one\nline two\n")
raw.shutdown(socket.SHUT_WR)
data = b""
while True:
    chunk = raw.recv(4096)
    if not chunk:
        break
    data += chunk
out = b""
while len(data) >= 8:
    _stream, size = struct.unpack(">BxxxL", data[:8])
    out += data[8:8 + size]
    data = data[8 + size:]
r["attach_stdin_echo"] = out.decode()
r["attach_exit"] = cat.wait()["StatusCode"]
cat.remove()

# --- networks: create, connect, disconnect, remove
net = client.networks.create("py-net", driver="bridge", labels={"suite": "py"})
r["net_name"] = net.name
r["net_listed"] = [n.name for n in client.networks.list(names=["py-net"])]
r["net_get"] = client.networks.get(net.id).attrs["Driver"]
peer = client.containers.run("alpine", ["sleep", "300"], detach=True, name="py-peer")
net.connect(peer, aliases=["peer-alias"])
net.reload()
r["net_containers"] = [x.name for x in net.containers]
peer.reload()
r["peer_networks"] = sorted(peer.attrs["NetworkSettings"]["Networks"].keys())
r["peer_aliases_has"] = "peer-alias" in (peer.attrs["NetworkSettings"]["Networks"]["py-net"].get("Aliases") or [])
net.disconnect(peer)
net.reload()
r["net_containers_after"] = [x.name for x in net.containers]
peer.remove(force=True)
net.remove()
try:
    client.networks.get("py-net")
    r["net_after_remove"] = "found"
except docker.errors.NotFound:
    r["net_after_remove"] = "NotFound"

# --- volumes: create, list, use, remove
vol = client.volumes.create("py-vol", labels={"suite": "py"})
r["vol_name"] = vol.name
r["vol_driver"] = vol.attrs["Driver"]
r["vol_listed"] = "py-vol" in [v.name for v in client.volumes.list(filters={"label": "suite=py"})]
client.containers.run("alpine", ["sh", "-c", "echo persisted > /data/f"], volumes={"py-vol": {"bind": "/data", "mode": "rw"}}, remove=True)
r["vol_read_back"] = client.containers.run("alpine", ["cat", "/data/f"], volumes=["py-vol:/data:ro"], remove=True).decode()
vol.remove()
r["vol_after_remove"] = "py-vol" in [v.name for v in client.volumes.list()]

print(json.dumps(r))

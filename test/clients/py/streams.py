"""docker-py stream flows against a daemon at argv[1]; prints one JSON object of results."""
import json
import socket
import struct
import sys

import docker

client = docker.DockerClient(base_url=sys.argv[1], version="1.41")
results = {}

# containers.run: output of an attached run, and the error for a non-zero exit
results["run"] = client.containers.run("alpine", ["echo", "hello"], remove=True).decode()
try:
    client.containers.run("alpine", ["sh", "-c", "echo out; echo err >&2; exit 3"], remove=True, stderr=True)
    results["run_error"] = None
except docker.errors.ContainerError as e:
    results["run_error"] = {"exit_status": e.exit_status, "stderr": e.stderr.decode() if e.stderr else None}

# exec_run: plain, demuxed, streamed
box = client.containers.run("alpine", ["sleep", "300"], detach=True)
res = box.exec_run(["sh", "-c", "echo hi; exit 3"])
results["exec_run"] = {"exit_code": res.exit_code, "output": res.output.decode()}
res = box.exec_run(["sh", "-c", "echo out; echo err >&2"], demux=True)
results["exec_run_demux"] = [o.decode() if o is not None else None for o in res.output]
res = box.exec_run(["sh", "-c", "echo a; echo b"], stream=True)
results["exec_run_stream"] = b"".join(res.output).decode()

# logs(stream=True) follows until the container stops
chatty = client.containers.run("alpine", ["sh", "-c", "echo one; sleep 0.3; echo two"], detach=True)
results["logs_stream"] = b"".join(chatty.logs(stream=True, follow=True)).decode()
results["logs_timestamps"] = chatty.logs(timestamps=True).decode()

# attach_socket: raw hijacked socket with stdin, read stdcopy frames
cat = client.containers.get(client.api.create_container("alpine", ["cat"], stdin_open=True)["Id"])  # docker-py sets StdinOnce with stdin_open
sock = cat.attach_socket(params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
raw = sock._sock
cat.start()
raw.sendall(b"over the socket\n")
raw.shutdown(socket.SHUT_WR)
data = b""
while True:
    chunk = raw.recv(4096)
    if not chunk:
        break
    data += chunk
frames = []
while len(data) >= 8:
    stream, size = struct.unpack(">BxxxL", data[:8])
    frames.append([stream, data[8:8 + size].decode()])
    data = data[8 + size:]
results["attach_socket"] = frames
results["attach_socket_exit"] = cat.wait()["StatusCode"]

# attach(stream=True) on a container that prints then exits
later = client.containers.create("alpine", ["sh", "-c", "sleep 0.2; echo attached"])
stream = later.attach(stream=True, logs=False)
later.start()
results["attach_stream"] = b"".join(stream).decode()

box.kill()
print(json.dumps(results))

"""docker-py's attach(stream=False, logs=True) of exited containers: the log replay must not be lost."""
import json
import sys

import docker

client = docker.DockerClient(base_url=sys.argv[1], version='auto')
api = client.api
outputs = []
for i in range(10):
    c = api.create_container('alpine', ['echo', f'hello {i}'])
    api.start(c)
    api.wait(c, condition='not-running')
    outputs.append(api.attach(c, stream=False, logs=True).decode())
    api.remove_container(c)
print(json.dumps({'outputs': outputs}))

#!/usr/bin/env bash
# Runs a Docker client library's own integration suite against mockerd (a fresh daemon
# per run) or against any daemon given with --host, and prints the counts.
#
#   scripts/client-suites.sh docker-py CHECKOUT [--host DOCKER_HOST] [--out DIR] [-- PYTEST_ARGS]
#   scripts/client-suites.sh dockerode CHECKOUT [--host DOCKER_HOST] [--out DIR] [-- MOCHA_ARGS]
#
# CHECKOUT is a work tree of the client's repository at the tag matching the installed
# client (docker-py: the `docker` module python3 imports; dockerode: the checkout's own
# lib/, after `npm install` there for mocha, chai, bluebird and memorystream). Nothing of
# the checkout is copied into this project. Per-test results go to DIR (default a temp dir):
# docker-py.xml (JUnit) or dockerode.json (mocha's JSON). Compare two runs (say real
# dockerd first, mockerd second): it lists the tests that pass in one and not the other.
#
#   scripts/client-suites.sh compare RESULT_A RESULT_B    (two docker-py.xml or two dockerode.json)
set -euo pipefail

if [[ ${1:-} == compare && $# -eq 3 ]]; then
  python3 - "$2" "$3" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
def outcomes(path):
    if path.endswith('.json'):
        report = json.load(open(path))
        result = {t['fullTitle']: 'passed' for t in report['passes']}
        result.update({t['fullTitle']: 'failed: ' + (t['err'].get('message') or '')[:160] for t in report['failures']})
        result.update({t['fullTitle']: 'pending' for t in report['pending']})
        return result
    result = {}
    for case in ET.parse(path).getroot().iter('testcase'):
        status = 'passed'
        for child in case:
            if child.tag in ('failure', 'error', 'skipped'):
                status = child.tag + ': ' + (child.get('message') or '')[:160]
        result[case.get('classname') + '::' + case.get('name')] = status
    return result
a, b = outcomes(sys.argv[1]), outcomes(sys.argv[2])
for title, first, second in (('passed in A only', a, b), ('passed in B only', b, a)):
    names = sorted(k for k, v in first.items() if v == 'passed' and second.get(k, 'absent') != 'passed')
    print(f'{title}: {len(names)}')
    for name in names:
        print(f'  {name} -> ' + second.get(name, 'absent').replace('\n', ' '))
EOF
  exit 0
fi

suite=${1:-}
checkout=${2:-}
if [[ -z $suite || -z $checkout || ! -d $checkout ]]; then
  sed -n "2,16p" "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
shift 2
host=''
out=''
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --host) host=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

project=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/client-suites.XXXXXX)
out=${out:-$work}
mkdir -p "$out"
mockerd_pid=''
cleanup() {
  if [[ -n $mockerd_pid ]]; then kill "$mockerd_pid" 2>/dev/null || true; wait "$mockerd_pid" 2>/dev/null || true; fi
  rm -rf "$work/socket" "$work/tests"
}
trap cleanup EXIT

# The images both suites use, present from the start as on a daemon the suites' own CI
# has pulled them into (dockerode's container tests create from ubuntu before any pull).
images=(alpine:3.10 alpine:latest busybox:latest ubuntu:latest hello-world:latest)

if [[ -z $host ]]; then
  mkdir -p "$work/socket"
  sock="$work/socket/mockerd.sock"
  args=(-H "unix://$sock")
  for i in "${images[@]}"; do args+=(--image "$i"); done
  # From source by default (dist/ may be older than the tree); MOCKERD_DIST=1 runs the build.
  if [[ ${MOCKERD_DIST:-} == 1 ]]; then
    (cd "$project" && exec node dist/mockerd.js "${args[@]}") >"$out/mockerd.log" 2>&1 &
  else
    (cd "$project" && exec node --import tsx src/cli.ts "${args[@]}") >"$out/mockerd.log" 2>&1 &
  fi
  mockerd_pid=$!
  for _ in $(seq 100); do [[ -S $sock ]] && break; sleep 0.1; done
  [[ -S $sock ]] || { echo "mockerd did not start:" >&2; cat "$out/mockerd.log" >&2; exit 1; }
  host="unix://$sock"
fi
export DOCKER_HOST=$host
unset DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_CONTEXT

case $suite in
  docker-py)
    python=${PYTHON:-python3}
    # Run a copy of tests/ so the checkout's docker/ package never shadows the installed one.
    mkdir -p "$work/tests"
    cp -r "$checkout/tests" "$work/tests/"
    cp "$checkout/pytest.ini" "$work/tests/" 2>/dev/null || true
    # tests/helpers.py imports paramiko; only the ssh tests use it.
    if ! "$python" -c 'import paramiko' 2>/dev/null; then
      mkdir -p "$work/stub"
      printf '%s\n' '# stand-in: only the ssh transport tests need paramiko' \
        '# (tests/helpers.py checks sockets with isinstance(sock, paramiko.Channel))' 'class Channel: pass' >"$work/stub/paramiko.py"
      export PYTHONPATH="$work/stub${PYTHONPATH:+:$PYTHONPATH}"
    fi
    timeout_args=()
    "$python" -c 'import pytest_timeout' 2>/dev/null && timeout_args=(--timeout=60)
    # credentials/ needs docker-credential helpers, and its utils test replaces os.environ
    # for the rest of the session (every later test would lose DOCKER_HOST): left out.
    (cd "$work/tests" && "$python" -m pytest -p no:cacheprovider -q "${timeout_args[@]}" \
      --ignore=tests/integration/credentials --junitxml="$out/docker-py.xml" \
      tests/integration "${extra[@]}" >"$out/docker-py.log" 2>&1) || true
    tail -1 "$out/docker-py.log"
    "$python" - "$out/docker-py.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
counts = {'passed': 0, 'failed': 0, 'errors': 0, 'skipped': 0}
for case in ET.parse(sys.argv[1]).getroot().iter('testcase'):
    tags = {child.tag for child in case}
    key = 'errors' if 'error' in tags else 'failed' if 'failure' in tags else 'skipped' if 'skipped' in tags else 'passed'
    counts[key] += 1
print('docker-py: ' + ', '.join(f'{v} {k}' for k, v in counts.items()))
EOF
    ;;
  dockerode)
    [[ -x $checkout/node_modules/.bin/mocha ]] || { echo "run npm install in $checkout first (mocha, chai, bluebird)" >&2; exit 2; }
    # dockerode's spec_helper prefers /var/run/docker.sock over DOCKER_HOST when it exists.
    [[ -S /var/run/docker.sock ]] && echo "warning: /var/run/docker.sock exists; dockerode's tests will use it, not $host" >&2
    (cd "$checkout" && timeout 1200 node_modules/.bin/mocha -R json -O "output=$out/dockerode.json" --exit "${extra[@]}" \
      >"$out/dockerode.log" 2>&1) || true
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log(`dockerode: ${r.stats.passes} passed, ${r.stats.failures} failed, ${r.stats.pending} pending (${r.stats.tests} run)`);
    ' "$out/dockerode.json"
    ;;
  *) echo "unknown suite $suite (docker-py or dockerode)" >&2; exit 2 ;;
esac
echo "results: $out"

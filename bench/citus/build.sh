# Sourced by bench/citus/run: builds and installs Citus from the source folder $1 (once; a folder
# already built is only re-installed, make being incremental).
build_citus() {
  local src=$1
  local missing=()
  for p in postgresql-server-dev-15 libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Postgres 15.20 exports have_createdb_privilege() from dbcommands.h; Citus 13.2.2 still
  # carries a static inline copy for 15, which no longer compiles against it.
  perl -0pi -e 's/\nstatic inline bool\nhave_createdb_privilege\(void\)\n\{.*?\n\}\n//s' \
    "$src/src/include/pg_version_compat.h"
  (
    cd "$src"
    [ -f config.status ] || ./configure > configure.log 2>&1
    # with_llvm=no: no JIT bitcode, which would double the compile time for nothing used here
    nice -n 19 make -j2 with_llvm=no > make.log 2>&1 || { grep -m5 -E 'error|Error' make.log; exit 1; }
    make install with_llvm=no > install.log 2>&1
  )
}

#!/usr/bin/env bash
# Starts (or stops) a real one-node Slurm cluster on this machine, for tests and trying `frozenlm compare --slurm`:
# munged on its own socket, slurmctld and `slurmd -N localhost` (run as root), everything under one state directory.
#   eval "$(scripts/slurm-local.sh start)"   # prints `export SLURM_CONF=...`; sbatch/squeue then talk to this cluster
#   scripts/slurm-local.sh stop              # stops exactly the daemons it started (by their pid files), removes the dir
# Needs the Debian packages slurm-wlm and munge. Settings: FROZENLM_SLURM_DIR (default /tmp/frozenlm-slurm),
# FROZENLM_SLURM_PORT (slurmctld port, default 16817; slurmd uses the next one), FROZENLM_SLURM_CPUS (default 2).
set -euo pipefail
dir="${FROZENLM_SLURM_DIR:-/tmp/frozenlm-slurm}"
port="${FROZENLM_SLURM_PORT:-16817}"
cpus="${FROZENLM_SLURM_CPUS:-2}"
conf="$dir/slurm.conf"

die() { echo "slurm-local: $*" >&2; exit 2; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {
  [[ -d "$dir" ]] || return 0
  for name in slurmd slurmctld munged; do
    local pidfile="$dir/$name.pid"
    if alive "$pidfile"; then
      local pid; pid="$(cat "$pidfile")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$dir"
}

start() {
  for tool in munged mungekey slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || [[ -x "/usr/sbin/$tool" ]] || die "$tool is not installed (apt-get install slurm-wlm munge)"
  done
  [[ "$(id -u)" == 0 ]] || die "must run as root (slurmd needs it)"
  if alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" && alive "$dir/munged.pid"; then
    echo "export SLURM_CONF=$conf"
    return 0
  fi
  stop
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir" "$dir/munge"
  PATH="$PATH:/usr/sbin"
  mungekey --create --keyfile="$dir/munge/munge.key" --force >/dev/null
  munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munge/munged.seed" || die "munged did not start (see $dir/munged.log)"
  : >"$dir/plugstack.conf"
  cat >"$conf" <<CONF
ClusterName=frozenlm-local
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
PlugStackConfig=$dir/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$conf"
  slurmctld -f "$conf" || die "slurmctld did not start (see $dir/slurmctld.log)"
  slurmd -f "$conf" -N localhost || die "slurmd did not start (see $dir/slurmd.log)"
  for _ in $(seq 150); do
    state="$(sinfo --noheader --format=%t 2>/dev/null | head -1 || true)"
    if [[ "$state" == idle* ]]; then
      echo "export SLURM_CONF=$conf"
      return 0
    fi
    sleep 0.2
  done
  die "the node did not become idle within 30 s (state '${state:-unknown}'; see $dir/slurmctld.log, $dir/slurmd.log)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

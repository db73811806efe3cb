#!/usr/bin/env bash
# Cross-check: restores backups made by this project with Duplicati's standalone Python restore tool
# (Tools/Commandline/RestoreFromPython in the duplicati/duplicati repository) and compares the result with the source.
#
# Usage: scripts/check_python_restore.sh <path to the RestoreFromPython folder>
#
# The folder must hold restore_from_python.py, pyaescrypt.py and ijson.py (fetch them yourself; they are not part of
# this repository). The AES runs need pycryptodome: either importable as `Crypto`, or Debian's python3-pycryptodome
# (`Cryptodome`), which this script maps to `Crypto` through a temporary shim folder. Set PYTHON to pick the
# interpreter (default: /usr/bin/python3 if present, else python3) and DENO to pick the Deno binary.
# The compacted-* run also compacts the backup (merging its small volumes) before the tool restores it.
# Prints one PASS/FAIL line per run and exits 0 only when every run passes. Set KEEP=1 to keep the work folder.
set -u

tool_dir="${1:-}"
if [[ -z "$tool_dir" || ! -f "$tool_dir/restore_from_python.py" ]]; then
  echo "usage: $0 <RestoreFromPython folder containing restore_from_python.py>" >&2
  exit 2
fi
tool_dir="$(cd "$tool_dir" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deno="${DENO:-$(command -v deno || echo /usr/local/bin/deno)}"
if [[ -n "${PYTHON:-}" ]]; then python="$PYTHON"; elif [[ -x /usr/bin/python3 ]]; then python=/usr/bin/python3; else python=python3; fi
work="$(mktemp -d /tmp/check_python_restore.XXXXXX)"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
passphrase='check-pässword 1'

# --- Crypto shim: make `import Crypto` work when only Debian's `Cryptodome` namespace exists.
shim="$work/pyshim"
mkdir -p "$shim"
if ! "$python" -c 'import Crypto.Cipher.AES' 2>/dev/null; then
  cryptodome="$("$python" -c 'import Cryptodome, os; print(os.path.dirname(Cryptodome.__file__))' 2>/dev/null)"
  if [[ -z "$cryptodome" ]]; then
    echo "FAIL: $python has neither pycryptodome (Crypto) nor python3-pycryptodome (Cryptodome)" >&2
    exit 2
  fi
  ln -s "$cryptodome" "$shim/Crypto"
fi

# --- Source tree: empty file, small text, exact blocks, files needing 2+ blocklists at 1 KiB, unicode, nesting.
src="$work/src"
mkdir -p "$src/nested/deeper/deepest" "$src/ünïcødé dir"
"$python" - "$src" <<'PY'
import os, random, sys
root = sys.argv[1]
r = random.Random(20240506)
files = {
    "empty.txt": b"",
    "small.txt": b"hello world\n",
    "one_block_1k.bin": r.randbytes(1024),
    "one_block_1m.bin": r.randbytes(1048576),
    "nested/exact_32k.bin": r.randbytes(32 * 1024),          # 1 KiB blocks: exactly one full blocklist
    "nested/blocks_33k.bin": r.randbytes(33 * 1024),         # 1 KiB blocks: 2 blocklists, the second with 1 hash
    "nested/text.txt": b"line of text\n" * 3000,
    "nested/deeper/multi_70k.bin": r.randbytes(70 * 1024 + 123),
    "nested/deeper/deepest/three_mib.bin": r.randbytes(3 * 1048576),  # 1 MiB blocks: 3 blocks, 1 blocklist
    "ünïcødé dir/日本語ファイル 😀.txt": "unicode content ✓\n".encode() * 100,
}
for rel, data in files.items():
    path = os.path.join(root, rel)
    with open(path, "wb") as f:
        f.write(data)
    os.utime(path, (1700000000 + len(data) % 1000, 1700000000 + len(data) % 1000))
os.chmod(os.path.join(root, "small.txt"), 0o640)
os.symlink("small.txt", os.path.join(root, "link_to_small"))
PY

# --- Compare helper: sizes + sha256 are required; mtime (seconds) and permission bits are also checked.
compare() {
  "$python" - "$1" "$2" <<'PY'
import hashlib, os, sys
def walk(root):
    out = {}
    for dp, _, fns in os.walk(root):
        for fn in fns:
            p = os.path.join(dp, fn)
            if os.path.islink(p):
                continue
            st = os.stat(p)
            with open(p, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            out[os.path.relpath(p, root)] = (st.st_size, digest, int(st.st_mtime), st.st_mode & 0o777)
    return out
a, b = walk(sys.argv[1]), walk(sys.argv[2])
bad = 0
for k in sorted(set(a) | set(b)):
    if a.get(k) != b.get(k):
        bad += 1
        print("    mismatch %s: source=%s restored=%s" % (k, a.get(k), b.get(k)))
print("    %d files in source, %d restored, %d mismatches" % (len(a), len(b), bad))
sys.exit(1 if bad else 0)
PY
}

failures=0
run_case() {
  local name="$1"; shift
  local dest="$work/backup_$name" copy="$work/copy_$name" out="$work/out_$name" log="$work/$name.log"
  mkdir -p "$dest" "$out"
  if ! DUPLICATI_DATA_FOLDER="$work/data" "$deno" run -A "$repo/main.ts" cli backup "file://$dest" "$src/" \
      --dbpath="$work/$name.sqlite" "$@" >"$log" 2>&1; then
    echo "FAIL $name: our backup failed (see below)"; tail -5 "$log" | sed 's/^/    /'; failures=$((failures + 1)); return
  fi
  if [[ "$name" == compacted-* ]]; then
    # Merge the many small volumes into new ones (every volume counts as small), so the tool reads compacted output.
    if ! DUPLICATI_DATA_FOLDER="$work/data" "$deno" run -A "$repo/main.ts" cli compact "file://$dest" \
        --dbpath="$work/$name.sqlite" "$@" --dblock-size=1mb --small-file-max-count=0 >>"$log" 2>&1 ||
        ! grep -q '^Compacted:' "$log"; then
      echo "FAIL $name: compact failed or did nothing (see below)"; tail -5 "$log" | sed 's/^/    /'
      failures=$((failures + 1)); return
    fi
  fi
  cp -r "$dest" "$copy"   # the tool writes its index and decrypted dlist into the backup folder
  PYTHONPATH="$shim" "$python" "$tool_dir/restore_from_python.py" -b "$copy" -s '*' -o "$out" -p "$passphrase" \
    </dev/null >"$log.tool" 2>&1
  local rc=$?
  local warnings; warnings="$(grep -oE '^[0-9]+ warnings/errors seen' "$log.tool" | cut -d' ' -f1)"
  local report; report="$(compare "$src" "$out$src")"
  local crc=$?
  if [[ $rc -eq 0 && "$warnings" == 0 && $crc -eq 0 ]] && grep -q '^Complete\.' "$log.tool"; then
    echo "PASS $name: tool exit 0, 0 warnings; $(echo "$report" | tail -1 | sed 's/^ *//')"
  else
    echo "FAIL $name: tool exit $rc, warnings=${warnings:-?}"
    tail -15 "$log.tool" | sed 's/^/    tool| /'
    echo "$report"
    failures=$((failures + 1))
  fi
}

run_case plain-1kb --no-encryption --blocksize=1kb
run_case aes-1kb --passphrase="$passphrase" --blocksize=1kb
run_case plain-default --no-encryption
run_case aes-default --passphrase="$passphrase"
run_case compacted-aes --passphrase="$passphrase" --blocksize=1kb --dblock-size=64kb

if [[ $failures -eq 0 ]]; then echo "PASS: all runs restored identically by the Duplicati Python tool"; exit 0; fi
echo "FAIL: $failures run(s) failed (work folder: $work${KEEP:+, kept})"
exit 1

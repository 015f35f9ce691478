#!/bin/sh
# Rebuilds auditable-gzcat.elf: a tiny x86-64 ELF executable carrying a `.dep-v0` section in
# the format cargo-auditable writes (https://github.com/rust-secure-code/cargo-auditable,
# PARSING.md): zlib-compressed JSON {"packages":[...],"format":1}, compact, packages sorted by
# name, "kind" omitted when "runtime", "dependencies" omitted when empty, "root" only when true.
#
# The dependency list (dep-v0.json) is that of a small tool `gzcat` using flate2 with the
# zlib backend (libz-sys, whose build script pulls in cc, pkg-config and vcpkg) plus a path
# dependency `gz-common` of its own workspace. Expected packages (runtime, non-local):
#   adler2 2.0.0, cfg-if 1.0.0, crc32fast 1.4.2, flate2 1.0.35, libz-sys 1.1.20, miniz_oxide 0.8.0
# Not expected: gzcat and gz-common (source "local"), cc, pkg-config, shlex, vcpkg ("build").
#
# The program itself only exits 0. Built with rustc (no_std, no_main; segments page-aligned so
# that the section headers lie beyond the extractor's first 4 KiB) when rustc is on PATH, else
# with cc. Needs: python3, objcopy, strip. Usage: ./make-auditable-elf.sh (from any directory).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if command -v rustc >/dev/null 2>&1; then
  cat >"$work/main.rs" <<'RS'
#![no_std]
#![no_main]

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

#[no_mangle]
pub extern "C" fn _start() -> ! {
    unsafe {
        core::arch::asm!("mov eax, 60", "xor edi, edi", "syscall", options(noreturn));
    }
}
RS
  rustc --edition 2021 -C panic=abort -C opt-level=z -C link-arg=-nostartfiles \
    -C link-arg=-Wl,--build-id=none -C link-arg=-Wl,-z,separate-loadable-segments \
    -o "$work/gzcat" "$work/main.rs"
else
  printf 'int main(void) { return 0; }\n' | cc -x c - -Os -Wl,--build-id=none -o "$work/gzcat"
fi

python3 - "$here/dep-v0.json" "$work/payload.zz" <<'PY'
import json, sys, zlib
doc = json.load(open(sys.argv[1]))
# Compact, in the field order cargo-auditable's serde structs use.
text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
open(sys.argv[2], "wb").write(zlib.compress(text.encode("utf-8"), 9))
PY

objcopy --add-section .dep-v0="$work/payload.zz" --set-section-flags .dep-v0=noload,readonly \
  "$work/gzcat" "$work/gzcat.auditable"
strip "$work/gzcat.auditable"
cp "$work/gzcat.auditable" "$here/auditable-gzcat.elf"
chmod 0755 "$here/auditable-gzcat.elf"
ls -l "$here/auditable-gzcat.elf"

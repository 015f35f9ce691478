#!/usr/bin/env python3
"""Writes the small ELF files of this directory (test inputs and fuzz seeds): a data segment
holding a Go build info blob laid out as Go's debug/buildinfo reads it
(https://go.dev/src/debug/buildinfo/buildinfo.go). Run from this directory."""
import struct

MAGIC = b"\xff Go buildinf:"
START = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")  # module info sentinels
END = bytes.fromhex("f932433186182072008242104116d8f2")
MOD = "path\texample.com/tiny\nmod\texample.com/tiny\t(devel)\t\ndep\tgithub.com/a/b\tv1.2.3\th1:x=\n=>\tgithub.com/c/d\tv1.2.4\t\n"


def uvarint(n):
    out = b""
    while n >= 0x80:
        out += bytes([n & 0x7F | 0x80])
        n >>= 7
    return out + bytes([n])


def elf(is64, big, new_format, go_note, sections):
    e = ">" if big else "<"
    ptr = 8 if is64 else 4
    ehsize, phentsize, shentsize = (64, 56, 64) if is64 else (52, 32, 40)
    base = 0x400000
    note = b""
    if go_note:
        note = struct.pack(e + "III", 4, 8, 4) + b"Go\0\0" + b"buildid!"
    rodata_off = 0x200
    mod = START + MOD.encode() + END
    vers = b"go1.21.5"
    data_off = 0x400
    data_vaddr = base + 0x1000 + data_off
    if new_format:
        blob = MAGIC + bytes([ptr, 2 | (1 if big else 0)]) + b"\0" * 16 + uvarint(len(vers)) + vers + uvarint(len(mod)) + mod
        rodata = b""
    else:
        rodata = vers + mod
        hdrs_vaddr = data_vaddr + 48 + 32
        fmt = e + ("QQ" if is64 else "II")
        strhdrs = struct.pack(fmt, base + rodata_off, len(vers)) + struct.pack(fmt, base + rodata_off + len(vers), len(mod))
        pfmt = e + ("Q" if is64 else "I")
        blob = MAGIC + bytes([ptr, 1 if big else 0]) + struct.pack(pfmt, hdrs_vaddr) + struct.pack(pfmt, hdrs_vaddr + 2 * ptr)
        blob = blob.ljust(32, b"\0") + strhdrs
    blob = b"\0" * 48 + blob  # not at the segment start: found by the aligned search
    buf = bytearray(data_off + len(blob) + 0x100)
    phoff = ehsize
    phnum = 3
    note_off = phoff + phnum * phentsize
    buf[note_off:note_off + len(note)] = note
    buf[rodata_off:rodata_off + len(rodata)] = rodata
    buf[data_off:data_off + len(blob)] = blob
    shoff = shnum = shstrndx = 0
    if sections:
        names = b"\0.go.buildinfo\0.shstrtab\0"
        str_off = len(buf)
        buf += names
        shoff = len(buf)
        shnum, shstrndx = 3, 2
        def sh(name, typ, addr, off, size):
            if is64:
                return struct.pack(e + "IIQQQQIIQQ", name, typ, 3, addr, off, size, 0, 0, 16, 0)
            return struct.pack(e + "IIIIIIIIII", name, typ, 3, addr, off, size, 0, 0, 16, 0)
        buf += sh(0, 0, 0, 0, 0) + sh(1, 1, data_vaddr + 48, data_off + 48, len(blob) - 48) + sh(15, 3, 0, str_off, len(names))
    if is64:
        hdr = struct.pack(e + "HHIQQQIHHHHHH", 2, 62, 1, base, phoff, shoff, 0, ehsize, phentsize, phnum, shentsize, shnum, shstrndx)
        ph = lambda t, f, off, va, sz: struct.pack(e + "IIQQQQQQ", t, f, off, va, va, sz, sz, 16)
    else:
        hdr = struct.pack(e + "HHIIIIIHHHHHH", 2, 3, 1, base, phoff, shoff, 0, ehsize, phentsize, phnum, shentsize, shnum, shstrndx)
        ph = lambda t, f, off, va, sz: struct.pack(e + "IIIIIIII", t, off, va, va, sz, sz, f, 16)
    ident = b"\x7fELF" + bytes([2 if is64 else 1, 2 if big else 1, 1]) + b"\0" * 9
    buf[0:ehsize] = ident + hdr
    phs = ph(4, 4, note_off, base + note_off, len(note)) + ph(1, 4, 0, base, data_off) + ph(1, 6, data_off, data_vaddr, len(buf) - data_off)
    buf[phoff:phoff + len(phs)] = phs
    return bytes(buf)


FILES = {
    "go121-le64-sections.elf": (True, False, True, True, True),
    "go121-be32-nosections.elf": (False, True, True, False, False),
    "go117-le64-pointers.elf": (True, False, False, True, True),
    "go117-be32-pointers-nosections.elf": (False, True, False, True, False),
}
for name, args in FILES.items():
    with open(name, "wb") as f:
        f.write(elf(*args))

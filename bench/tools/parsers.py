"""Parsers for the text that bench/run.sh captures: INFO commandstats dumps, MONITOR captures,
strace logs, /proc/PID/smaps, and the ELF section table of a binary. Standard library only."""

import os
import re
import struct

# Commands a client sends to set up its connection, not to take or leave the lock.
HANDSHAKE = {"HELLO", "PING", "AUTH", "SELECT", "CLIENT", "INFO", "CONFIG", "CLUSTER", "ECHO",
             "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "COMMAND", "SENTINEL", "ROLE", "READONLY"}


def parse_commandstats(text):
    stats = {}
    for line in (text or "").splitlines():
        m = re.match(r"cmdstat_([^:]+):calls=(\d+)", line.strip())
        if m:
            stats[m.group(1)] = int(m.group(2))
    return stats


def parse_monitor(text):
    """Client-sent commands in order as (client, NAME, args); and the count of script-internal ones."""
    sent, inside = [], 0
    for line in (text or "").splitlines():
        m = re.match(r"^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$", line.strip())
        if not m:
            continue
        client, rest = m.group(1), m.group(2)
        args = re.findall(r'"((?:[^"\\]|\\.)*)"', rest)
        if not args:
            continue
        if client == "lua":
            inside += 1
            continue
        if args[0].upper() == "ECHO" and len(args) > 1 and args[1].startswith("bench.monitor"):
            continue
        sent.append((client, args[0].upper(), args[1:]))
    return sent, inside


def is_handshake(name, args):
    if name in HANDSHAKE:
        return True
    return name == "GET" and any("TieBreak" in a for a in args)


# strace -f -ttt lines: "PID TIME call(...) = RET" / "PID TIME <... call resumed>...) = RET" /
# "PID TIME +++ exited with N +++"
LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")


def parse_strace(text, port):
    events = []
    for line in (text or "").splitlines():
        m = LINE.match(line)
        if m:
            events.append((int(m.group(1)), float(m.group(2)), m.group(3)))
    if not events:
        return None
    main = events[0][0]
    t0 = events[0][1]
    marks = {"start": t0}
    evalsha_sends = 0
    pending_reply = None
    child = None
    threads = 0
    for pid, t, rest in events:
        if rest.startswith("connect(") and f"htons({port})" in rest and "connect" not in marks:
            marks["connect"] = t
        elif "sendto(" in rest and "EVALSHA" in rest or ("sendto(" in rest and "\\r\\nEVAL\\r\\n" in rest):
            evalsha_sends += 1
            if evalsha_sends == 1:
                marks["acquire_sent"] = t
                pending_reply = "acquire_reply"
            elif evalsha_sends == 2 or ("leave_sent" not in marks and "child_exit" in marks):
                marks.setdefault("leave_sent", t)
                pending_reply = "leave_reply"
        elif pending_reply and "recvfrom" in rest and re.search(r"= [1-9]\d*$", rest):
            marks.setdefault(pending_reply, t)
            pending_reply = None
        elif rest.startswith("execve(") and pid != main and child is None:
            child = pid
            marks["child_exec"] = t
        elif child is not None and pid == child and rest.startswith("+++ exited"):
            marks["child_exit"] = t
        elif pid == main and rest.startswith("+++ exited"):
            marks["end"] = t
        if re.match(r"clone3?\(", rest) and "CLONE_THREAD" in rest:
            threads += 1
    order = ["start", "connect", "acquire_sent", "acquire_reply", "child_exec", "child_exit", "leave_reply", "end"]
    if not all(k in marks for k in order):
        return None
    seg = {
        "process start → connect()": marks["connect"] - marks["start"],
        "connect + handshake": marks["acquire_sent"] - marks["connect"],
        "acquire (EVALSHA round trip)": marks["acquire_reply"] - marks["acquire_sent"],
        "spawn (until the job's execve)": marks["child_exec"] - marks["acquire_reply"],
        "the job itself (`true`)": marks["child_exit"] - marks["child_exec"],
        "leave (reap + EVALSHA round trip)": marks["leave_reply"] - marks["child_exit"],
        "exit (until the process is gone)": marks["end"] - marks["leave_reply"],
    }
    seg = {k: v * 1000.0 for k, v in seg.items()}
    return {"segments": seg, "total": (marks["end"] - marks["start"]) * 1000.0, "threads": threads}


def parse_syscall_counts(text):
    """{syscall: calls} from the summary table of `strace -c`; {} when there is none."""
    counts = {}
    for line in (text or "").splitlines():
        parts = line.split()
        # "% time, seconds, usecs/call, calls, [errors,] syscall"; the total row is not a syscall.
        if len(parts) in (5, 6) and parts[3].isdigit() and re.match(r"^\d+\.\d+$", parts[0]) and parts[-1] != "total":
            counts[parts[-1]] = int(parts[3])
    return counts


def parse_files(text):
    """From a strace of openat: files opened, failed opens while resolving "libc", OpenSSL loaded."""
    opened = failed_libc = 0
    openssl = False
    for line in (text or "").splitlines():
        if "openat(" not in line:
            continue
        opened += 1
        if "ENOENT" in line and re.search(r'/lib(lib)?c(\.so)?"', line):
            failed_libc += 1
        if "libcrypto" in line and "ENOENT" not in line:
            openssl = True
    return {"opened": opened, "failed_libc": failed_libc, "openssl": openssl}


def elf_sections(path):
    """{name: size} of an ELF64 little-endian file's sections; {} when it cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return {}
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return {}
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx]
    names = data[strtab[4]:strtab[4] + strtab[5]]
    result = {}
    for h in headers:
        end = names.find(b"\0", h[0])
        result[names[h[0]:end].decode()] = h[5]
    return result


def smaps_composition(text, binary):
    """Resident KB by what backs it: the binary, each library, anonymous memory."""
    parts = {}
    current = None
    for line in (text or "").splitlines():
        m = re.match(r"^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$", line)
        if m:
            path = m.group(2).strip()
            if binary and path == binary:
                current = "the cronlock binary (code, read-only data)" if "w" not in m.group(1) else "the cronlock binary (writable data)"
            elif path.startswith("/"):
                current = os.path.basename(path)
            else:
                current = "anonymous (heaps, stacks, start-up data written by the runtime)"
            continue
        if line.startswith("Rss:") and current:
            parts[current] = parts.get(current, 0) + int(line.split()[1])
    return parts


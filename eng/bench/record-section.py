#!/usr/bin/env python3
"""Writes a benchmark's markdown section (read from stdin, starting with its '## ' heading) into docs/benchmarks.md,
replacing the section with the same heading if there is one, so reruns update their figures in place.
Usage: record-section.py [FILE] < section.md"""
import os, sys

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'docs', 'benchmarks.md')
section = sys.stdin.read().strip() + '\n'
heading = section.splitlines()[0].rstrip()
if not heading.startswith('## '):
    sys.exit(f"record-section.py: the section must start with a '## ' heading, got {heading!r}")
text = open(path).read() if os.path.exists(path) else ''
lines = text.splitlines(keepends=True)
start = next((i for i, l in enumerate(lines) if l.rstrip() == heading), None)
if start is None:
    text = text.rstrip('\n') + ('\n\n' if text.strip() else '') + section
else:
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith('## ')), len(lines))
    rest = ''.join(lines[end:])
    text = ''.join(lines[:start]) + section + ('\n' + rest if rest else '')
open(path, 'w').write(text)
print(f'(written to {os.path.relpath(path)})')

#!/usr/bin/env bash
# Prints raw and gzip -9 sizes of a built dist folder, per file kind and total.
set -euo pipefail
dist="${1:-dist}"
total_raw=0; total_gz=0
printf '%-10s %10s %10s\n' kind raw gzip
for ext in html js wasm css; do
  raw=0; gz=0
  while IFS= read -r -d '' f; do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
  done < <(find "$dist" -name "*.$ext" -print0)
  printf '%-10s %10d %10d\n' "$ext" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf '%-10s %10d %10d\n' total "$total_raw" "$total_gz"

#!/bin/bash
# `cmake --install` puts the bash and zsh completion files in place; the bash
# completion completes commands, options and option values; both files name
# every long option of `fiscan --help`.  Usage: completion.sh FISCAN BUILD_DIR
set -eu
fiscan=$1
build=$2
tmp=$(mktemp -d /tmp/fiscan-completion-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp" >/dev/null
bashc=$tmp/share/bash-completion/completions/fiscan
zshc=$tmp/share/zsh/site-functions/_fiscan
[ -f "$bashc" ] || { echo "not installed: $bashc"; exit 1; }
[ -f "$zshc" ] || { echo "not installed: $zshc"; exit 1; }

# every long option of the help, and of each command's help, is in both files
fail=0
for opt in $("$fiscan" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    for f in "$bashc" "$zshc"; do
        grep -q -- "$opt" "$f" || { echo "$f: $opt missing"; fail=1; }
    done
done
[ "$fail" -eq 0 ] || exit 1

# bash: what completing gives
complete_words() { # the words after "fiscan", the last being completed
    bash -c '
        source "$1"; shift
        COMP_WORDS=(fiscan "$@"); COMP_CWORD=$#
        _fiscan; printf "%s\n" "${COMPREPLY[@]}"' _ "$bashc" "$@"
}
expect() { # expect WANTED WORDS...: WANTED among the completions
    local want=$1; shift
    complete_words "$@" | grep -qx -- "$want" ||
        { echo "completing 'fiscan $*' does not offer $want: $(complete_words "$@" | tr '\n' ' ')"; exit 1; }
}
expect check ch
expect batch ba
expect --rounding check --ro
expect --fail-on batch --fa
expect none batch --fail-on n
expect always check --color a
expect jsonl check --format js
expect sqlite batch --format sq
expect check help ch
expect report re
expect --output report --ou
expect report help rep
# options of another command are not offered
if complete_words check --fa | grep -qx -- --fail-on; then
    echo "check offers batch's --fail-on"; exit 1
fi
if command -v zsh >/dev/null; then
    zsh -n "$zshc" || { echo "$zshc: zsh syntax error"; exit 1; }
fi
bash -n "$bashc"
echo "completion: installed, every option named, bash completes commands, options and values"

# bash completion for fiscan                                  -*- shell-script -*-
# Installed by `cmake --install` into share/bash-completion/completions/.
# Every option of `fiscan --help` is listed (tests/completion.sh checks it).

_fiscan()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="text extract check batch merge tables report help"
    local general="-q --quiet -v --verbose --color -h --help -V --version"
    local input="--password --max-bytes --max-pages --timeout --max-memory"
    local command="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -*) ;;
        *) command=${words[i]}; break ;;
        esac
    done

    case $prev in
    --format)
        case $command in
        check) COMPREPLY=($(compgen -W "text json jsonl" -- "$cur")) ;;
        batch) COMPREPLY=($(compgen -W "sqlite jsonl csv" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "json jsonl csv" -- "$cur")) ;;
        esac
        return ;;
    --color | --colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --rounding) COMPREPLY=($(compgen -W "nearest truncate either" -- "$cur")); return ;;
    --severity) COMPREPLY=($(compgen -W "error warning" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error failure none" -- "$cur")); return ;;
    --checks)
        COMPREPLY=($(compgen -W "growth prior share sum change_sum share_sum restatement direction completion comparison points table table_sum" -- "$cur"))
        return ;;
    --patterns) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -o | --output)
        if [[ $command == report ]]; then
            COMPREPLY=($(compgen -d -- "$cur"))
        else
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return ;;
    --password | --max-bytes | --max-pages | --timeout | -j | --jobs | --max-memory | --shard)
        return ;;
    esac

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$general" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local opts
    case $command in
    text) opts="--raw --outline --positions $input" ;;
    extract) opts="--format --patterns $input" ;;
    check) opts="--checks --rounding --severity --format --patterns $input" ;;
    batch) opts="-o --output --format --fail-on -j --jobs --resume --shard --patterns --checks --rounding $input" ;;
    merge) opts="" ;;
    tables) opts="--format $input" ;;
    report) opts="-o --output --patterns --checks --rounding $input" ;;
    help) COMPREPLY=($(compgen -W "text extract check batch merge tables report" -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts $general" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _fiscan fiscan

# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
export PATH="$HOME/.local/bin:$PATH"
export EDITOR=vim

# GitHub API access for scripts
export GITHUB_TOKEN=%GHP_3%

# leftovers and examples (decoys: none of these is live)
export GH_TOKEN="${GITHUB_TOKEN}"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
# revoked 2023-04, kept for reference: %GHP_BAD_1%
alias gst='git status'

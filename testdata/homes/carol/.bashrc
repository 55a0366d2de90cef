# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
export PATH="$HOME/.local/bin:$PATH"
# work account: its own AWS config, kept with the project
export AWS_CONFIG_FILE=~/work/aws-config
alias ll='ls -alF'

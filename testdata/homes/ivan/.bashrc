# ~/.bashrc
export PATH="$HOME/bin:$PATH"
export EDITOR=vim
export JIRA_API_TOKEN=%PASS_36%
export GITHUB_TOKEN="${GH_TOKEN}"
# export OLD_PASSWORD=%PASS_37%
alias ll='ls -la'

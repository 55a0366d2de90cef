ls -la
export DB_PASSWORD=%PASS_5%
curl -u ivan:%PASS_6% https://api.corp.test/v1/status
curl -H 'Authorization: Bearer %PASS_7%' https://api.corp.test/v1/me
mysql -uroot -p%PASS_8% -h mysql.corp.test shop
docker login -u ivan -p %PASS_9% registry.corp.test
git clone https://ivan:%PASS_10%@git.corp.test/team/tools.git
gh auth login --with-token <<< %GHP_1%
echo "I forgot my password again"
passwd
mysql -u root -p
curl -u ivan https://api.corp.test/v1/status
export API_TOKEN=$(cat ~/.config/api/token)
export DB_PASSWORD="${VAULT_DB_PASSWORD}"
docker login -u ivan --password-stdin registry.corp.test

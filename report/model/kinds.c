/* kinds.c - the table of credential kinds: surface, label, default tier,
 * default risk, lifetime, scope family and what the inventory must know of
 * the kind (the CA_KIND_* flags). A tier here is the conservative default
 * used when a credential's real scopes are unknown ("assumed" evidence).
 * Everything the model knows of a kind is in its row, so a new kind is one
 * row here and nothing else. Keep the table sorted by name
 * (tests/unit/test_kinds.c checks it, and that every kind a scanner or a
 * content rule emits has a row). */
#include "lib/compat.h"
#include "report/model/finding.h"
#include "lib/banned.h"

#define R CA_TIER_READ
#define W CA_TIER_WRITE
#define S CA_TIER_SECRET
#define A CA_TIER_ADMIN
#define LOW CA_RISK_LOW
#define MED CA_RISK_MEDIUM
#define HIGH CA_RISK_HIGH
#define CRIT CA_RISK_CRITICAL
#define CONT CA_KIND_CONTAINER
#define PROG CA_KIND_PROGRAM
#define LOCK CA_KIND_LOCKED
#define KEYW CA_KIND_KEYWORD
#define SERV CA_KIND_SERVICE

static const struct ca_kind kinds[] = {
	/* name, surface, label, tier, risk, standing, secretless,
	 * scope family, flags */
	/* AI agents (scanners/surfaces/agents): a permission setting is a
	 * secretless entry linked to the home it opens up. */
	{ "agent-env-secret", "agents", "secret in an AI agent's settings env", W, HIGH, true, false, NULL, CONT },
	{ "agent-permission", "agents", "AI agent setting that runs commands without asking", A, MED, true, true, NULL, PROG },
	{ "anthropic-admin-key", "ai", "Anthropic admin API key", A, CRIT, true, false, NULL, 0 },
	{ "anthropic-api-key", "ai", "Anthropic API key", W, HIGH, true, false, NULL, 0 },
	{ "aws-access-key", "cloud", "AWS access key pair", A, CRIT, true, false, NULL, 0 },
	{ "aws-assume-role", "cloud", "AWS profile assuming an IAM role (delegation)", A, MED, true, true, NULL, 0 },
	{ "aws-credential-process", "cloud", "AWS credential_process command (delegation)", A, MED, true, true, NULL, PROG },
	{ "aws-session-key", "cloud", "AWS temporary session key", A, HIGH, false, false, NULL, 0 },
	{ "aws-sso-profile", "cloud", "AWS IAM Identity Center (SSO) profile (delegation)", A, LOW, true, true, NULL, 0 },
	{ "aws-sso-refresh-token", "cloud", "AWS IAM Identity Center (SSO) refresh token", A, HIGH, false, false, NULL, 0 },
	{ "aws-sso-token", "cloud", "AWS IAM Identity Center (SSO) access token", A, HIGH, false, false, NULL, 0 },
	{ "azure-access-token", "cloud", "Azure / Entra ID access token", A, HIGH, false, false, NULL, 0 },
	{ "azure-refresh-token", "cloud", "Azure / Entra ID refresh token", A, CRIT, true, false, NULL, 0 },
	{ "azure-sp-certificate", "cloud", "Azure service principal signing in with a certificate file", A, HIGH, true, true, NULL, 0 },
	{ "azure-sp-secret", "cloud", "Azure service principal client secret", A, CRIT, true, false, NULL, 0 },
	{ "browser-cookie-store", "browser", "browser cookie store (sessions, metadata only)", W, MED, false, false, NULL, 0 },
	{ "browser-saved-logins", "browser", "browser saved passwords (metadata only)", S, HIGH, true, false, NULL, 0 },
	{ "buildkite-agent-token", "ci", "Buildkite agent token", S, HIGH, true, false, NULL, SERV },
	{ "cargo-token", "registry", "Cargo registry token (crates.io or an alternative registry)", W, HIGH, true, false, NULL, 0 },
	{ "ci-hardcoded-secret", "ci", "secret written into a CI configuration", W, HIGH, true, false, NULL, CONT | SERV },
	{ "ci-oidc-role", "ci", "cloud role a CI job assumes through OIDC federation (delegation)", A, MED, true, true, NULL, SERV },
	{ "ci-secret-ref", "ci", "CI secret named by a pipeline (kept by the CI service)", W, LOW, true, true, NULL, SERV },
	{ "ci-untrusted-checkout", "ci", "CI job running untrusted pull-request code with a token or secrets", W, CRIT, true, true, NULL, SERV },
	{ "ci-workflow-token", "ci", "GitHub Actions workflow token (GITHUB_TOKEN) and its permissions", W, MED, false, true, NULL, SERV },
	{ "claude-api-key-helper", "ai", "Claude Code apiKeyHelper command (delegation)", W, LOW, true, true, NULL, PROG },
	{ "claude-oauth-token", "ai", "Claude Code OAuth access token", W, HIGH, false, false, NULL, 0 },
	{ "claude-refresh-token", "ai", "Claude Code OAuth refresh token", W, HIGH, true, false, NULL, 0 },
	{ "cloudflare-api-token", "cloud", "Cloudflare API token", W, HIGH, true, false, NULL, 0 },
	{ "cloudflare-oauth-token", "cloud", "Cloudflare OAuth access token (wrangler)", W, HIGH, false, false, NULL, 0 },
	{ "cloudflare-refresh-token", "cloud", "Cloudflare OAuth refresh token (wrangler)", W, HIGH, true, false, NULL, 0 },
	{ "codex-access-token", "ai", "ChatGPT login access token (Codex CLI)", W, HIGH, false, false, NULL, 0 },
	{ "codex-refresh-token", "ai", "ChatGPT login refresh token (Codex CLI)", W, HIGH, true, false, NULL, 0 },
	{ "composer-credential", "registry", "PHP Composer auth.json credential", W, HIGH, true, false, NULL, 0 },
	{ "database-url", "database", "database connection string with password", W, HIGH, true, false, NULL, CONT },
	{ "digitalocean-token", "cloud", "DigitalOcean API token", A, CRIT, true, false, NULL, 0 },
	{ "docker-credential-helper", "registry", "container registry credential helper (delegation)", W, LOW, true, true, NULL, 0 },
	{ "docker-hub-pat", "registry", "Docker Hub personal access token", W, HIGH, true, false, NULL, 0 },
	{ "docker-identity-token", "registry", "container registry identity token (OAuth refresh token)", W, HIGH, true, false, NULL, 0 },
	{ "docker-registry-auth", "registry", "container registry login (user and password or token)", W, HIGH, true, false, NULL, 0 },
	{ "docker-registry-token", "registry", "container registry bearer token", W, MED, false, false, NULL, 0 },
	{ "dotenv-secret", "host", "secret in a .env file", W, HIGH, true, false, NULL, CONT },
	{ "fly-token", "cloud", "Fly.io access token", A, CRIT, true, false, NULL, 0 },
	{ "gcp-access-token", "cloud", "Google Cloud OAuth access token", A, HIGH, false, false, "gcp", 0 },
	{ "gcp-api-key", "cloud", "Google API key", R, MED, true, false, "gcp", 0 },
	{ "gcp-external-account", "cloud", "Google Cloud workload or workforce identity federation (delegation)", A, MED, true, true, "gcp", 0 },
	{ "gcp-impersonation", "cloud", "Google Cloud service-account impersonation (delegation)", A, MED, true, true, "gcp", 0 },
	{ "gcp-service-account-key", "cloud", "Google Cloud service-account key", A, CRIT, true, false, "gcp", 0 },
	{ "gcp-user-refresh-token", "cloud", "Google Cloud user OAuth refresh token", A, HIGH, true, false, "gcp", 0 },
	{ "generic-password", "generic", "password assignment", W, MED, true, false, NULL, CONT | KEYW },
	{ "generic-secret", "generic", "secret or token assignment", W, MED, true, false, NULL, CONT | KEYW },
	{ "gha-runner-registration", "ci", "GitHub Actions self-hosted runner registration (RSA key)", S, HIGH, true, false, NULL, SERV },
	{ "git-credential", "git", "git credential-store password or token", W, HIGH, true, false, NULL, CONT },
	{ "git-credential-helper", "git", "git credential helper (delegation)", W, LOW, true, true, NULL, PROG },
	{ "git-http-extraheader", "git", "git http.extraheader authorization", W, HIGH, true, false, NULL, CONT },
	{ "git-remote-credential", "git", "credentials embedded in a git remote URL", W, HIGH, true, false, NULL, CONT },
	{ "github-app-installation-token", "github", "GitHub App installation token", W, MED, false, false, "github", 0 },
	{ "github-app-user-token", "github", "GitHub App user-to-server token", W, HIGH, false, false, "github", 0 },
	{ "github-copilot-token", "github", "GitHub Copilot OAuth token", R, MED, true, false, "github", 0 },
	{ "github-env-token", "github", "GitHub token in an environment assignment", W, HIGH, true, false, "github", CONT },
	{ "github-keyring-token", "github", "GitHub CLI token kept in the OS keyring", W, MED, true, true, "github", 0 },
	{ "github-oauth-token", "github", "GitHub OAuth token", W, HIGH, true, false, "github", 0 },
	{ "github-pat-classic", "github", "GitHub classic personal access token", A, CRIT, true, false, "github", 0 },
	{ "github-pat-fine-grained", "github", "GitHub fine-grained personal access token", W, HIGH, true, false, "github", 0 },
	{ "github-refresh-token", "github", "GitHub refresh token", W, HIGH, false, false, "github", 0 },
	{ "gitlab-pat", "gitlab", "GitLab personal access token", A, CRIT, true, false, "gitlab", 0 },
	{ "gitlab-runner-token", "gitlab", "GitLab runner token", S, HIGH, true, false, "gitlab", SERV },
	{ "gitlab-token", "gitlab", "GitLab token", W, HIGH, true, false, "gitlab", 0 },
	{ "gpg-private-key", "keys", "GnuPG secret key without a passphrase", S, HIGH, true, false, NULL, 0 },
	{ "gpg-private-key-protected", "keys", "passphrase-protected GnuPG secret key", S, LOW, true, false, NULL, LOCK },
	{ "gradle-property-secret", "registry", "secret in gradle.properties", W, HIGH, true, false, NULL, 0 },
	{ "helm-repository-password", "registry", "Helm chart repository password", W, HIGH, true, false, NULL, 0 },
	{ "history-secret", "host", "secret typed on a command line (shell or REPL history)", W, HIGH, true, false, NULL, CONT },
	{ "huggingface-token", "ai", "Hugging Face access token", W, HIGH, true, false, NULL, 0 },
	{ "jenkins-credential", "ci", "Jenkins stored credential, decryptable with the master key beside it", S, HIGH, true, false, NULL, SERV },
	{ "jenkins-credential-encrypted", "ci", "Jenkins stored credential encrypted with a master key not found", S, LOW, true, false, NULL, LOCK | SERV },
	{ "jenkins-master-key", "ci", "Jenkins master key (decrypts every stored secret)", S, CRIT, true, false, NULL, SERV },
	{ "jwt", "generic", "JSON Web Token", R, MED, false, false, NULL, CONT },
	{ "kube-auth-provider-token", "cloud", "kubeconfig auth-provider token or client secret", A, HIGH, false, false, "kube", 0 },
	{ "kube-basic-auth", "cloud", "kubeconfig username and password", A, CRIT, true, false, "kube", 0 },
	{ "kube-client-key", "cloud", "kubeconfig client certificate key", A, CRIT, true, false, "kube", 0 },
	{ "kube-exec", "cloud", "kubeconfig exec credential plugin (delegation)", A, LOW, true, true, "kube", PROG },
	{ "kube-token", "cloud", "kubeconfig bearer token", A, CRIT, true, false, "kube", 0 },
	{ "linode-token", "cloud", "Linode API token", A, CRIT, true, false, NULL, 0 },
	{ "mail-password", "mail", "mail account password (IMAP or POP)", W, HIGH, true, false, NULL, 0 },
	{ "mail-password-command", "mail", "mail client password command (delegation)", W, LOW, true, true, NULL, 0 },
	{ "mail-saved-logins", "mail", "mail client saved passwords (metadata only)", S, HIGH, true, false, NULL, 0 },
	{ "maven-encrypted-password", "registry", "Maven server password encrypted with a master password not found", W, LOW, true, false, NULL, LOCK },
	{ "maven-server-password", "registry", "Maven server password", W, HIGH, true, false, NULL, 0 },
	/* MCP servers (scanners/surfaces/agents): a server is a secretless
	 * entry whose tier is what it can do, raised to the highest tier of
	 * the credentials it reaches; each secret wired into one is its own
	 * credential. Agent permission settings widen what the agent does
	 * without asking. */
	{ "mcp-arg-secret", "agents", "secret on an MCP server's command line", W, HIGH, true, false, NULL, CONT },
	{ "mcp-env-secret", "agents", "secret in an MCP server's environment", W, HIGH, true, false, NULL, CONT },
	{ "mcp-header-token", "agents", "Authorization or key header of a remote MCP server", W, HIGH, true, false, NULL, CONT },
	{ "mcp-oauth-token", "agents", "OAuth token an agent keeps for a remote MCP server", W, HIGH, false, false, NULL, 0 },
	{ "mcp-server", "agents", "MCP server an AI agent runs (what it can reach)", R, MED, true, true, NULL, PROG },
	{ "mcp-url-credential", "agents", "password or key in an MCP server URL", W, HIGH, true, false, NULL, CONT },
	{ "mysql-password", "database", "MySQL or MariaDB client password", W, HIGH, true, false, NULL, 0 },
	{ "netlify-token", "cloud", "Netlify access token", A, CRIT, true, false, NULL, 0 },
	{ "netrc-password", "host", ".netrc login password (curl, git, pip, ftp)", W, HIGH, true, false, NULL, 0 },
	{ "npm-basic-auth", "registry", "npm registry user and password", W, HIGH, true, false, NULL, 0 },
	{ "npm-token", "registry", "npm access token", W, HIGH, true, false, "npm", 0 },
	{ "nuget-encrypted-password", "registry", "NuGet DPAPI-encrypted password or API key", W, LOW, true, false, NULL, LOCK },
	{ "nuget-password", "registry", "NuGet source clear-text password", W, HIGH, true, false, NULL, 0 },
	{ "oci-api-key", "cloud", "Oracle Cloud API signing key", A, CRIT, true, false, NULL, 0 },
	{ "oci-session-token", "cloud", "Oracle Cloud session token", A, HIGH, false, false, NULL, 0 },
	{ "onepassword-secret-key", "host", "1Password account Secret Key (half of what unlocks the account)", S, MED, true, false, NULL, LOCK },
	{ "openai-api-key", "ai", "OpenAI API key", W, HIGH, true, false, NULL, 0 },
	{ "password-store", "host", "password manager or keyring store (presence only)", S, MED, true, false, NULL, LOCK },
	{ "postgres-password", "database", "PostgreSQL password (.pgpass)", W, HIGH, true, false, NULL, 0 },
	{ "private-key", "keys", "unencrypted private key", A, CRIT, true, false, NULL, 0 },
	{ "private-key-encrypted", "keys", "passphrase-protected private key", A, LOW, true, false, NULL, LOCK },
	{ "pypi-password", "registry", "Python package index upload password", W, HIGH, true, false, NULL, 0 },
	{ "pypi-token", "registry", "PyPI API token", W, HIGH, true, false, NULL, 0 },
	{ "python-index-credential", "registry", "credentials in a pip index URL", W, HIGH, true, false, NULL, 0 },
	{ "railway-refresh-token", "cloud", "Railway OAuth refresh token", A, HIGH, true, false, NULL, 0 },
	{ "railway-token", "cloud", "Railway account token", A, CRIT, true, false, NULL, 0 },
	{ "rubygems-api-key", "registry", "RubyGems API key", W, HIGH, true, false, NULL, 0 },
	{ "sendgrid-api-key", "saas", "SendGrid API key", W, HIGH, true, false, NULL, 0 },
	{ "shell-rc-secret", "host", "secret exported by a shell start-up file", W, HIGH, true, false, NULL, CONT },
	{ "slack-app-token", "saas", "Slack app-level token", W, HIGH, true, false, NULL, 0 },
	{ "slack-bot-token", "saas", "Slack bot token", W, HIGH, true, false, NULL, 0 },
	{ "slack-user-token", "saas", "Slack user token", S, HIGH, true, false, NULL, 0 },
	{ "slack-webhook", "saas", "Slack incoming webhook URL", W, MED, true, false, NULL, 0 },
	{ "smtp-password", "mail", "SMTP account password", W, HIGH, true, false, NULL, 0 },
	{ "ssh-private-key", "keys", "SSH private key (unencrypted)", A, CRIT, true, false, NULL, 0 },
	{ "ssh-private-key-encrypted", "keys", "passphrase-protected SSH private key", A, LOW, true, false, NULL, LOCK },
	{ "stripe-restricted-key", "saas", "Stripe restricted key", W, HIGH, true, false, NULL, 0 },
	{ "stripe-secret-key", "saas", "Stripe secret key", A, CRIT, true, false, NULL, 0 },
	{ "supabase-token", "cloud", "Supabase personal access token", A, CRIT, true, false, NULL, 0 },
	{ "terraform-credentials-helper", "cloud", "Terraform credentials helper (delegation)", A, LOW, true, true, NULL, PROG },
	/* Terraform: a user or team token runs plans and applies with the cloud
	 * credentials kept in its workspaces and reads state full of secrets:
	 * admin over the infrastructure those workspaces manage. */
	{ "terraform-token", "cloud", "HCP Terraform / Terraform Enterprise API token", A, CRIT, true, false, NULL, 0 },
	{ "twilio-api-key", "saas", "Twilio API key", W, HIGH, true, false, NULL, 0 },
	{ "url-credential", "generic", "credentials embedded in a URL", W, HIGH, true, false, NULL, CONT },
	/* Vault: a token reads the secrets its policies allow (secret tier); a
	 * root or admin policy would be more, but nothing on disk says which. */
	{ "vault-token", "cloud", "HashiCorp Vault token", S, HIGH, true, false, NULL, 0 },
	{ "vault-token-helper", "cloud", "Vault token helper (delegation)", S, LOW, true, true, NULL, PROG },
	{ "vercel-refresh-token", "cloud", "Vercel CLI OAuth refresh token", A, HIGH, true, false, NULL, 0 },
	{ "vercel-token", "cloud", "Vercel access token", A, CRIT, true, false, NULL, 0 },
};

const struct ca_kind *
ca_kinds(size_t *count)
{
	*count = CA_ARRAY_SIZE(kinds);
	return kinds;
}

const struct ca_kind *
ca_kind_find(const char *name)
{
	size_t lo = 0, hi = CA_ARRAY_SIZE(kinds);

	if (!name)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, kinds[mid].name);
		if (!c)
			return &kinds[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *const tier_names[CA_TIER_COUNT] = {
	"read", "write", "secret", "admin",
};
static const char *const risk_names[CA_RISK_COUNT] = {
	"low", "medium", "high", "critical",
};

const char *
ca_tier_name(enum ca_tier tier)
{
	return (unsigned)tier < CA_TIER_COUNT ? tier_names[tier] : "unknown";
}

const char *
ca_risk_name(enum ca_risk risk)
{
	return (unsigned)risk < CA_RISK_COUNT ? risk_names[risk] : "unknown";
}

int
ca_tier_parse(const char *name)
{
	for (int i = 0; i < CA_TIER_COUNT; i++)
		if (!strcmp(name, tier_names[i]))
			return i;
	return -1;
}

int
ca_risk_parse(const char *name)
{
	for (int i = 0; i < CA_RISK_COUNT; i++)
		if (!strcmp(name, risk_names[i]))
			return i;
	return -1;
}

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

#define R    CA_TIER_READ
#define W    CA_TIER_WRITE
#define S    CA_TIER_SECRET
#define A    CA_TIER_ADMIN
#define LOW  CA_RISK_LOW
#define MED  CA_RISK_MEDIUM
#define HIGH CA_RISK_HIGH
#define CRIT CA_RISK_CRITICAL
#define CONT CA_KIND_CONTAINER
#define PROG CA_KIND_PROGRAM
#define LOCK CA_KIND_LOCKED
#define KEYW CA_KIND_KEYWORD
#define SERV CA_KIND_SERVICE

/* clang-format off */
static const struct ca_kind kinds[] = {
	/* name, surface, label, tier, risk, standing, secretless,
	 * scope family, flags */
	{ "adafruit-io-key", "saas", "Adafruit IO key", W, MED, true, false, NULL, 0 },
	{ "age-secret-key", "keys", "age encryption secret key", S, HIGH, true, false, NULL, 0 },
	/* AI agents (scanners/surfaces/agents): a permission setting is a
	 * secretless entry linked to the home it opens up. */
	{ "agent-env-secret", "agents", "secret in an AI agent's settings env", W, HIGH, true, false, NULL, CONT },
	{ "agent-permission", "agents", "AI agent setting that runs commands without asking", A, MED, true, true, NULL, PROG },
	{ "airtable-pat", "saas", "Airtable personal access token", W, HIGH, true, false, NULL, 0 },
	{ "akamai-credential", "cloud", "Akamai EdgeGrid API credential", A, HIGH, true, false, NULL, 0 },
	{ "algolia-api-key", "saas", "Algolia admin or write API key", W, HIGH, true, false, NULL, 0 },
	{ "alibaba-access-key", "cloud", "Alibaba Cloud AccessKey secret", A, CRIT, true, false, NULL, 0 },
	{ "anthropic-admin-key", "ai", "Anthropic admin API key", A, CRIT, true, false, NULL, 0 },
	{ "anthropic-api-key", "ai", "Anthropic API key", W, HIGH, true, false, NULL, 0 },
	{ "anthropic-oauth-token", "ai", "Claude OAuth access or refresh token", W, HIGH, true, false, NULL, 0 },
	{ "asana-pat", "saas", "Asana personal access token", W, HIGH, true, false, NULL, 0 },
	{ "atlassian-api-token", "saas", "Atlassian (Jira, Confluence) API token", W, HIGH, true, false, NULL, 0 },
	{ "auth0-client-secret", "identity", "Auth0 application client secret", W, HIGH, true, false, NULL, 0 },
	{ "aws-access-key", "cloud", "AWS access key pair", A, CRIT, true, false, NULL, 0 },
	{ "aws-assume-role", "cloud", "AWS profile assuming an IAM role (delegation)", A, MED, true, true, NULL, 0 },
	{ "aws-bedrock-api-key", "ai", "Amazon Bedrock API key", W, HIGH, true, false, NULL, 0 },
	{ "aws-credential-process", "cloud", "AWS credential_process command (delegation)", A, MED, true, true, NULL, PROG },
	{ "aws-session-key", "cloud", "AWS temporary session key", A, HIGH, false, false, NULL, 0 },
	{ "aws-sso-profile", "cloud", "AWS IAM Identity Center (SSO) profile (delegation)", A, LOW, true, true, NULL, 0 },
	{ "aws-sso-refresh-token", "cloud", "AWS IAM Identity Center (SSO) refresh token", A, HIGH, false, false, NULL, 0 },
	{ "aws-sso-token", "cloud", "AWS IAM Identity Center (SSO) access token", A, HIGH, false, false, NULL, 0 },
	{ "azure-access-token", "cloud", "Azure / Entra ID access token", A, HIGH, false, false, NULL, 0 },
	{ "azure-devops-pat", "ci", "Azure DevOps personal access token", W, HIGH, true, false, NULL, 0 },
	{ "azure-openai-key", "ai", "Azure OpenAI / AI services key", W, HIGH, true, false, NULL, 0 },
	{ "azure-refresh-token", "cloud", "Azure / Entra ID refresh token", A, CRIT, true, false, NULL, 0 },
	{ "azure-shared-access-key", "cloud", "Azure Service Bus / Event Hubs shared access key", W, HIGH, true, false, NULL, 0 },
	{ "azure-sp-certificate", "cloud", "Azure service principal signing in with a certificate file", A, HIGH, true, true, NULL, 0 },
	{ "azure-sp-secret", "cloud", "Azure service principal client secret", A, CRIT, true, false, NULL, 0 },
	{ "azure-storage-key", "cloud", "Azure storage account key", A, CRIT, true, false, NULL, 0 },
	{ "bitbucket-app-password", "git", "Bitbucket app password or API token", W, HIGH, true, false, NULL, 0 },
	{ "box-token", "saas", "Box developer token or client secret", W, HIGH, true, false, NULL, 0 },
	{ "braintree-access-token", "saas", "PayPal Braintree production access token", A, CRIT, true, false, NULL, 0 },
	{ "brevo-api-key", "saas", "Brevo (Sendinblue) API key", W, HIGH, true, false, NULL, 0 },
	{ "browser-cookie-store", "browser", "browser cookie store (sessions, metadata only)", W, MED, false, false, NULL, 0 },
	{ "browser-saved-logins", "browser", "browser saved passwords (metadata only)", S, HIGH, true, false, NULL, 0 },
	{ "buildkite-agent-token", "ci", "Buildkite agent token", S, HIGH, true, false, NULL, SERV },
	{ "buildkite-token", "ci", "Buildkite API access token", W, HIGH, true, false, NULL, 0 },
	{ "cargo-token", "registry", "Cargo registry token (crates.io or an alternative registry)", W, HIGH, true, false, NULL, 0 },
	{ "ci-hardcoded-secret", "ci", "secret written into a CI configuration", W, HIGH, true, false, NULL, CONT | SERV },
	{ "ci-oidc-role", "ci", "cloud role a CI job assumes through OIDC federation (delegation)", A, MED, true, true, NULL, SERV },
	{ "ci-secret-ref", "ci", "CI secret named by a pipeline (kept by the CI service)", W, LOW, true, true, NULL, SERV },
	{ "ci-untrusted-checkout", "ci", "CI job running untrusted pull-request code with a token or secrets", W, CRIT, true, true, NULL, SERV },
	{ "ci-workflow-token", "ci", "GitHub Actions workflow token (GITHUB_TOKEN) and its permissions", W, MED, false, true, NULL, SERV },
	{ "circleci-token", "ci", "CircleCI API token", W, HIGH, true, false, NULL, 0 },
	{ "claude-api-key-helper", "ai", "Claude Code apiKeyHelper command (delegation)", W, LOW, true, true, NULL, PROG },
	{ "claude-oauth-token", "ai", "Claude Code OAuth access token", W, HIGH, false, false, NULL, 0 },
	{ "claude-refresh-token", "ai", "Claude Code OAuth refresh token", W, HIGH, true, false, NULL, 0 },
	{ "clojars-token", "registry", "Clojars deploy token", W, HIGH, true, false, NULL, 0 },
	{ "cloudflare-api-token", "cloud", "Cloudflare API token", W, HIGH, true, false, NULL, 0 },
	{ "cloudflare-global-api-key", "cloud", "Cloudflare Global API key", A, CRIT, true, false, NULL, 0 },
	{ "cloudflare-oauth-token", "cloud", "Cloudflare OAuth access token (wrangler)", W, HIGH, false, false, NULL, 0 },
	{ "cloudflare-origin-ca-key", "cloud", "Cloudflare Origin CA key", W, HIGH, true, false, NULL, 0 },
	{ "cloudflare-refresh-token", "cloud", "Cloudflare OAuth refresh token (wrangler)", W, HIGH, true, false, NULL, 0 },
	{ "codecov-token", "ci", "Codecov upload token", W, LOW, true, false, NULL, 0 },
	{ "codex-access-token", "ai", "ChatGPT login access token (Codex CLI)", W, HIGH, false, false, NULL, 0 },
	{ "codex-refresh-token", "ai", "ChatGPT login refresh token (Codex CLI)", W, HIGH, true, false, NULL, 0 },
	{ "cohere-api-key", "ai", "Cohere API key", W, HIGH, true, false, NULL, 0 },
	{ "composer-credential", "registry", "PHP Composer auth.json credential", W, HIGH, true, false, NULL, 0 },
	{ "confluent-api-secret", "database", "Confluent Cloud API secret", W, HIGH, true, false, NULL, 0 },
	{ "consul-token", "cloud", "Consul or Nomad ACL token", A, HIGH, true, false, NULL, 0 },
	{ "contentful-token", "saas", "Contentful personal access token", W, HIGH, true, false, NULL, 0 },
	{ "custom-secret", "generic", "secret matched by a user rule (--rules)", W, HIGH, true, false, NULL, 0 },
	{ "database-url", "database", "database connection string with password", W, HIGH, true, false, NULL, CONT },
	{ "databricks-token", "database", "Databricks personal access token", A, HIGH, true, false, NULL, 0 },
	{ "datadog-api-key", "saas", "Datadog API or application key", W, HIGH, true, false, NULL, 0 },
	{ "deepseek-api-key", "ai", "DeepSeek API key", W, HIGH, true, false, NULL, 0 },
	{ "deno-deploy-token", "cloud", "Deno Deploy access token", A, HIGH, true, false, NULL, 0 },
	{ "digitalocean-token", "cloud", "DigitalOcean API token", A, CRIT, true, false, NULL, 0 },
	{ "discord-bot-token", "saas", "Discord bot token", W, HIGH, true, false, NULL, 0 },
	{ "discord-webhook", "saas", "Discord webhook URL", W, MED, true, false, NULL, 0 },
	{ "docker-credential-helper", "registry", "container registry credential helper (delegation)", W, LOW, true, true, NULL, 0 },
	{ "docker-hub-pat", "registry", "Docker Hub personal access token", W, HIGH, true, false, NULL, 0 },
	{ "docker-identity-token", "registry", "container registry identity token (OAuth refresh token)", W, HIGH, true, false, NULL, 0 },
	{ "docker-registry-auth", "registry", "container registry login (user and password or token)", W, HIGH, true, false, NULL, 0 },
	{ "docker-registry-token", "registry", "container registry bearer token", W, MED, false, false, NULL, 0 },
	{ "doppler-token", "cloud", "Doppler token", S, HIGH, true, false, NULL, 0 },
	{ "dotenv-secret", "host", "secret in a .env file", W, HIGH, true, false, NULL, CONT },
	{ "dropbox-token", "saas", "Dropbox access token", W, HIGH, true, false, NULL, 0 },
	{ "duffel-token", "saas", "Duffel live access token", W, HIGH, true, false, NULL, 0 },
	{ "dynatrace-token", "saas", "Dynatrace API token", W, HIGH, true, false, NULL, 0 },
	{ "easypost-api-key", "saas", "EasyPost production API key", W, HIGH, true, false, NULL, 0 },
	{ "elevenlabs-api-key", "ai", "ElevenLabs API key", W, MED, true, false, NULL, 0 },
	{ "facebook-access-token", "saas", "Facebook Graph API access token", W, HIGH, true, false, NULL, 0 },
	{ "fastly-api-token", "cloud", "Fastly API token", A, HIGH, true, false, NULL, 0 },
	{ "figma-pat", "saas", "Figma personal access token", W, MED, true, false, NULL, 0 },
	{ "firebase-fcm-server-key", "cloud", "Firebase Cloud Messaging server key", W, MED, true, false, NULL, 0 },
	{ "flutterwave-secret-key", "saas", "Flutterwave live secret key", A, CRIT, true, false, NULL, 0 },
	{ "fly-token", "cloud", "Fly.io access token", A, CRIT, true, false, NULL, 0 },
	{ "frameio-token", "saas", "Frame.io developer token", W, MED, true, false, NULL, 0 },
	{ "gcp-access-token", "cloud", "Google Cloud OAuth access token", A, HIGH, false, false, "gcp", 0 },
	{ "gcp-api-key", "cloud", "Google API key", R, MED, true, false, "gcp", 0 },
	{ "gcp-external-account", "cloud", "Google Cloud workload or workforce identity federation (delegation)", A, MED, true, true, "gcp", 0 },
	{ "gcp-impersonation", "cloud", "Google Cloud service-account impersonation (delegation)", A, MED, true, true, "gcp", 0 },
	{ "gcp-oauth-client-secret", "cloud", "Google OAuth client secret", W, MED, true, false, NULL, 0 },
	{ "gcp-service-account-key", "cloud", "Google Cloud service-account key", A, CRIT, true, false, "gcp", 0 },
	{ "gcp-user-refresh-token", "cloud", "Google Cloud user OAuth refresh token", A, HIGH, true, false, "gcp", 0 },
	{ "generic-password", "generic", "password assignment", W, MED, true, false, NULL, CONT | KEYW },
	{ "generic-secret", "generic", "secret or token assignment", W, MED, true, false, NULL, CONT | KEYW },
	{ "gha-runner-registration", "ci", "GitHub Actions self-hosted runner registration (RSA key)", S, HIGH, true, false, NULL, SERV },
	{ "git-credential", "git", "git credential-store password or token", W, HIGH, true, false, NULL, CONT },
	{ "git-credential-helper", "git", "git credential helper (delegation)", W, LOW, true, true, NULL, PROG },
	{ "git-http-extraheader", "git", "git http.extraheader authorization", W, HIGH, true, false, NULL, CONT },
	{ "git-remote-credential", "git", "credentials embedded in a git remote URL", W, HIGH, true, false, NULL, CONT },
	{ "gitea-token", "git", "Gitea / Forgejo access token", W, HIGH, true, false, NULL, 0 },
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
	{ "grafana-token", "saas", "Grafana Cloud or service-account token", W, HIGH, true, false, NULL, 0 },
	{ "groq-api-key", "ai", "Groq API key", W, HIGH, true, false, NULL, 0 },
	{ "harness-pat", "ci", "Harness API token", W, HIGH, true, false, NULL, 0 },
	{ "helm-repository-password", "registry", "Helm chart repository password", W, HIGH, true, false, NULL, 0 },
	{ "heroku-api-key", "cloud", "Heroku API key", A, CRIT, true, false, NULL, 0 },
	{ "hetzner-api-token", "cloud", "Hetzner Cloud API token", A, CRIT, true, false, NULL, 0 },
	{ "history-secret", "host", "secret typed on a command line (shell or REPL history)", W, HIGH, true, false, NULL, CONT },
	{ "honeycomb-api-key", "saas", "Honeycomb API key", W, MED, true, false, NULL, 0 },
	{ "http-credential", "generic", "credential in an HTTP client command or header", W, HIGH, true, false, NULL, 0 },
	{ "huggingface-token", "ai", "Hugging Face access token", W, HIGH, true, false, NULL, 0 },
	{ "ibm-cloud-api-key", "cloud", "IBM Cloud API key", A, CRIT, true, false, NULL, 0 },
	{ "infracost-api-key", "saas", "Infracost API key", R, MED, true, false, NULL, 0 },
	{ "jenkins-api-token", "ci", "Jenkins API token", W, HIGH, true, false, NULL, 0 },
	{ "jenkins-credential", "ci", "Jenkins stored credential, decryptable with the master key beside it", S, HIGH, true, false, NULL, SERV },
	{ "jenkins-credential-encrypted", "ci", "Jenkins stored credential encrypted with a master key not found", S, LOW, true, false, NULL, LOCK | SERV },
	{ "jenkins-master-key", "ci", "Jenkins master key (decrypts every stored secret)", S, CRIT, true, false, NULL, SERV },
	{ "jfrog-token", "registry", "JFrog Artifactory API key or token", W, HIGH, true, false, NULL, 0 },
	{ "jwt", "generic", "JSON Web Token", R, MED, false, false, NULL, CONT },
	{ "kaggle-api-key", "ai", "Kaggle API key", W, MED, true, false, NULL, 0 },
	{ "kerberos-hash", "keys", "Kerberos ticket or pre-authentication hash", S, HIGH, true, false, NULL, 0 },
	{ "kube-auth-provider-token", "cloud", "kubeconfig auth-provider token or client secret", A, HIGH, false, false, "kube", 0 },
	{ "kube-basic-auth", "cloud", "kubeconfig username and password", A, CRIT, true, false, "kube", 0 },
	{ "kube-client-key", "cloud", "kubeconfig client certificate key", A, CRIT, true, false, "kube", 0 },
	{ "kube-exec", "cloud", "kubeconfig exec credential plugin (delegation)", A, LOW, true, true, "kube", PROG },
	{ "kube-token", "cloud", "kubeconfig bearer token", A, CRIT, true, false, "kube", 0 },
	{ "langsmith-api-key", "ai", "LangSmith API key", W, MED, true, false, NULL, 0 },
	{ "linear-api-key", "saas", "Linear API key", W, HIGH, true, false, NULL, 0 },
	{ "linode-token", "cloud", "Linode API token", A, CRIT, true, false, NULL, 0 },
	{ "mail-password", "mail", "mail account password (IMAP or POP)", W, HIGH, true, false, NULL, 0 },
	{ "mail-password-command", "mail", "mail client password command (delegation)", W, LOW, true, true, NULL, 0 },
	{ "mail-saved-logins", "mail", "mail client saved passwords (metadata only)", S, HIGH, true, false, NULL, 0 },
	{ "mailchimp-api-key", "saas", "Mailchimp API key", W, HIGH, true, false, NULL, 0 },
	{ "mailgun-api-key", "saas", "Mailgun API key", W, HIGH, true, false, NULL, 0 },
	{ "mandrill-api-key", "saas", "Mandrill (Mailchimp Transactional) API key", W, HIGH, true, false, NULL, 0 },
	{ "mapbox-secret-token", "saas", "Mapbox secret access token", W, MED, true, false, NULL, 0 },
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
	{ "mistral-api-key", "ai", "Mistral AI API key", W, HIGH, true, false, NULL, 0 },
	{ "mongodb-atlas-key", "database", "MongoDB Atlas API private key", A, CRIT, true, false, NULL, 0 },
	{ "mysql-password", "database", "MySQL or MariaDB client password", W, HIGH, true, false, NULL, 0 },
	{ "neon-api-key", "database", "Neon API key", A, HIGH, true, false, NULL, 0 },
	{ "netlify-token", "cloud", "Netlify access token", A, CRIT, true, false, NULL, 0 },
	{ "netrc-password", "host", ".netrc login password (curl, git, pip, ftp)", W, HIGH, true, false, NULL, 0 },
	{ "newrelic-api-key", "saas", "New Relic API key", W, HIGH, true, false, NULL, 0 },
	{ "notion-token", "saas", "Notion integration token", W, HIGH, true, false, NULL, 0 },
	{ "npm-basic-auth", "registry", "npm registry user and password", W, HIGH, true, false, NULL, 0 },
	{ "npm-token", "registry", "npm access token", W, HIGH, true, false, "npm", 0 },
	{ "nuget-api-key", "registry", "NuGet.org API key", W, HIGH, true, false, NULL, 0 },
	{ "nuget-encrypted-password", "registry", "NuGet DPAPI-encrypted password or API key", W, LOW, true, false, NULL, LOCK },
	{ "nuget-password", "registry", "NuGet source clear-text password", W, HIGH, true, false, NULL, 0 },
	{ "oci-api-key", "cloud", "Oracle Cloud API signing key", A, CRIT, true, false, NULL, 0 },
	{ "oci-session-token", "cloud", "Oracle Cloud session token", A, HIGH, false, false, NULL, 0 },
	{ "octopus-api-key", "ci", "Octopus Deploy API key", A, HIGH, true, false, NULL, 0 },
	{ "okta-api-token", "identity", "Okta API token", A, CRIT, true, false, NULL, 0 },
	{ "onepassword-secret-key", "host", "1Password account Secret Key (half of what unlocks the account)", S, MED, true, false, NULL, LOCK },
	{ "onepassword-service-account-token", "identity", "1Password service account token", S, CRIT, true, false, NULL, 0 },
	{ "openai-api-key", "ai", "OpenAI API key", W, HIGH, true, false, NULL, 0 },
	{ "openrouter-api-key", "ai", "OpenRouter API key", W, HIGH, true, false, NULL, 0 },
	{ "openshift-token", "cloud", "OpenShift user token", A, HIGH, true, false, NULL, 0 },
	{ "packagist-token", "registry", "Packagist API token", W, HIGH, true, false, NULL, 0 },
	{ "pagerduty-api-key", "saas", "PagerDuty API key", W, MED, true, false, NULL, 0 },
	{ "password-hash", "keys", "password hash (crackable offline)", S, MED, true, false, NULL, 0 },
	{ "password-store", "host", "password manager or keyring store (presence only)", S, MED, true, false, NULL, LOCK },
	{ "perplexity-api-key", "ai", "Perplexity API key", W, HIGH, true, false, NULL, 0 },
	{ "pinecone-api-key", "ai", "Pinecone API key", W, HIGH, true, false, NULL, 0 },
	{ "plaid-access-token", "saas", "Plaid production access token", S, HIGH, true, false, NULL, 0 },
	{ "planetscale-token", "database", "PlanetScale token or password", W, HIGH, true, false, NULL, 0 },
	{ "postgres-password", "database", "PostgreSQL password (.pgpass)", W, HIGH, true, false, NULL, 0 },
	{ "postman-api-key", "saas", "Postman API key", W, HIGH, true, false, NULL, 0 },
	{ "postmark-token", "saas", "Postmark server or account token", W, HIGH, true, false, NULL, 0 },
	{ "prefect-api-key", "saas", "Prefect Cloud API key", W, HIGH, true, false, NULL, 0 },
	{ "private-key", "keys", "unencrypted private key", A, CRIT, true, false, NULL, 0 },
	{ "private-key-encrypted", "keys", "passphrase-protected private key", A, LOW, true, false, NULL, LOCK },
	{ "pulumi-access-token", "cloud", "Pulumi access token", A, CRIT, true, false, NULL, 0 },
	{ "pypi-password", "registry", "Python package index upload password", W, HIGH, true, false, NULL, 0 },
	{ "pypi-token", "registry", "PyPI API token", W, HIGH, true, false, NULL, 0 },
	{ "python-index-credential", "registry", "credentials in a pip index URL", W, HIGH, true, false, NULL, 0 },
	{ "railway-refresh-token", "cloud", "Railway OAuth refresh token", A, HIGH, true, false, NULL, 0 },
	{ "railway-token", "cloud", "Railway account token", A, CRIT, true, false, NULL, 0 },
	{ "readme-api-key", "saas", "ReadMe API key", W, MED, true, false, NULL, 0 },
	{ "render-api-key", "cloud", "Render API key", A, CRIT, true, false, NULL, 0 },
	{ "replicate-api-token", "ai", "Replicate API token", W, HIGH, true, false, NULL, 0 },
	{ "rubygems-api-key", "registry", "RubyGems API key", W, HIGH, true, false, NULL, 0 },
	{ "scalingo-token", "cloud", "Scalingo API token", A, HIGH, true, false, NULL, 0 },
	{ "sendgrid-api-key", "saas", "SendGrid API key", W, HIGH, true, false, NULL, 0 },
	{ "sentry-token", "saas", "Sentry auth token", W, HIGH, true, false, NULL, 0 },
	{ "shell-rc-secret", "host", "secret exported by a shell start-up file", W, HIGH, true, false, NULL, CONT },
	{ "shippo-token", "saas", "Shippo live API token", W, HIGH, true, false, NULL, 0 },
	{ "shopify-token", "saas", "Shopify access token or shared secret", A, CRIT, true, false, NULL, 0 },
	{ "sidekiq-license", "registry", "Sidekiq Pro / Enterprise gem server credential", R, MED, true, false, NULL, 0 },
	{ "slack-app-token", "saas", "Slack app-level token", W, HIGH, true, false, NULL, 0 },
	{ "slack-bot-token", "saas", "Slack bot token", W, HIGH, true, false, NULL, 0 },
	{ "slack-legacy-token", "saas", "Slack legacy token", S, HIGH, true, false, NULL, 0 },
	{ "slack-user-token", "saas", "Slack user token", S, HIGH, true, false, NULL, 0 },
	{ "slack-webhook", "saas", "Slack incoming webhook URL", W, MED, true, false, NULL, 0 },
	{ "smtp-password", "mail", "SMTP account password", W, HIGH, true, false, NULL, 0 },
	{ "snyk-token", "saas", "Snyk API token", W, HIGH, true, false, NULL, 0 },
	{ "sonarqube-token", "ci", "SonarQube / SonarCloud token", W, MED, true, false, NULL, 0 },
	{ "sourcegraph-token", "git", "Sourcegraph access token", R, MED, true, false, NULL, 0 },
	{ "square-access-token", "saas", "Square access token", A, CRIT, true, false, NULL, 0 },
	{ "square-oauth-secret", "saas", "Square OAuth application secret", W, HIGH, true, false, NULL, 0 },
	{ "ssh-private-key", "keys", "SSH private key (unencrypted)", A, CRIT, true, false, NULL, 0 },
	{ "ssh-private-key-encrypted", "keys", "passphrase-protected SSH private key", A, LOW, true, false, NULL, LOCK },
	{ "stripe-restricted-key", "saas", "Stripe restricted key", W, HIGH, true, false, NULL, 0 },
	{ "stripe-secret-key", "saas", "Stripe secret key", A, CRIT, true, false, NULL, 0 },
	{ "stripe-webhook-secret", "saas", "Stripe webhook signing secret", W, MED, true, false, NULL, 0 },
	{ "supabase-token", "cloud", "Supabase personal access token", A, CRIT, true, false, NULL, 0 },
	{ "tailscale-key", "cloud", "Tailscale API, auth or OAuth key", A, HIGH, true, false, NULL, 0 },
	{ "teams-webhook", "saas", "Microsoft Teams incoming webhook URL", W, MED, true, false, NULL, 0 },
	{ "telegram-bot-token", "saas", "Telegram bot token", W, HIGH, true, false, NULL, 0 },
	{ "terraform-credentials-helper", "cloud", "Terraform credentials helper (delegation)", A, LOW, true, true, NULL, PROG },
	/* Terraform: a user or team token runs plans and applies with the cloud
	 * credentials kept in its workspaces and reads state full of secrets:
	 * admin over the infrastructure those workspaces manage. */
	{ "terraform-token", "cloud", "HCP Terraform / Terraform Enterprise API token", A, CRIT, true, false, NULL, 0 },
	{ "together-api-key", "ai", "Together AI API key", W, HIGH, true, false, NULL, 0 },
	{ "travis-token", "ci", "Travis CI API token", W, HIGH, true, false, NULL, 0 },
	{ "twilio-api-key", "saas", "Twilio API key", W, HIGH, true, false, NULL, 0 },
	{ "twilio-auth-token", "saas", "Twilio auth token", A, CRIT, true, false, NULL, 0 },
	{ "twitter-bearer-token", "saas", "X (Twitter) app bearer token", R, MED, true, false, NULL, 0 },
	{ "typeform-token", "saas", "Typeform personal access token", W, MED, true, false, NULL, 0 },
	{ "url-credential", "generic", "credentials embedded in a URL", W, HIGH, true, false, NULL, CONT },
	/* Vault: a token reads the secrets its policies allow (secret tier); a
	 * root or admin policy would be more, but nothing on disk says which. */
	{ "vault-token", "cloud", "HashiCorp Vault token", S, HIGH, true, false, NULL, 0 },
	{ "vault-token-helper", "cloud", "Vault token helper (delegation)", S, LOW, true, true, NULL, PROG },
	{ "vercel-refresh-token", "cloud", "Vercel CLI OAuth refresh token", A, HIGH, true, false, NULL, 0 },
	{ "vercel-token", "cloud", "Vercel access token", A, CRIT, true, false, NULL, 0 },
	{ "vultr-api-key", "cloud", "Vultr API key", A, CRIT, true, false, NULL, 0 },
	{ "wandb-api-key", "ai", "Weights & Biases API key", W, MED, true, false, NULL, 0 },
	{ "xai-api-key", "ai", "xAI API key", W, HIGH, true, false, NULL, 0 },
	{ "yandex-api-key", "cloud", "Yandex Cloud API key", A, HIGH, true, false, NULL, 0 },
};
/* clang-format on */

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
	"read",
	"write",
	"secret",
	"admin",
};
static const char *const risk_names[CA_RISK_COUNT] = {
	"low",
	"medium",
	"high",
	"critical",
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

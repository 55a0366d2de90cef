# t_examples.sh - the CI examples run as written, as far as this machine
# allows: the `run:` steps of examples/github-actions.yml and the `script:`
# of examples/gitlab-ci.yml (tests/e2e/ci_steps.py reads them), with
# credatlas on PATH instead of the steps that install packages and build
# it, and AGENT_IMAGE pointing at a fixture image from tests/e2e/mkimage.py
# (an OCI archive, which the examples' skopeo copies into an OCI layout as
# it would a registry image). The image holding admin-tier tokens (one of
# them deleted by a later layer) fails the gate with every report written;
# a clean image passes it. No planted secret appears in any report. Needs
# skopeo; without it the test says so and passes.
. "$(dirname "$0")/lib.sh"

command -v skopeo >/dev/null || {
	echo "t_examples: skopeo is not installed; skipped" >&2
	exit 0
}
# skopeo refuses to run without a signature policy: the one the examples'
# Debian package installs accepts everything.
if [ ! -f /etc/containers/policy.json ] &&
    [ ! -f "$HOME/.config/containers/policy.json" ]; then
	mkdir -p "$HOME/.config/containers"
	echo '{"default": [{"type": "insecureAcceptAnything"}]}' \
	    >"$HOME/.config/containers/policy.json"
fi

SECRETS=$WORK/planted
: >"$SECRETS"
mkdir -p "$WORK/bin" "$WORK/clean-root/srv"
ln -s "$CREDATLAS" "$WORK/bin/credatlas"
export PATH="$WORK/bin:$PATH"

# The fixture images: one with tokens, one clean.
$PY "$TOP/tests/e2e/mkimage.py" oci-archive "$WORK/dirty.tar" \
    "$TOOLS/tokgen" "$SECRETS" >"$WORK/dirty.layers" ||
    fail "mkimage failed"
echo "nothing to see here" >"$WORK/clean-root/srv/README"
$PY "$TOP/tests/e2e/mkimage.py" --from-dir "$WORK/clean-root" \
    "$WORK/clean-oci" || fail "mkimage --from-dir failed"
tar -C "$WORK/clean-oci" -cf "$WORK/clean.tar" .

KEY=$(printf 'credatlas-examples-test' | sha256sum | cut -d' ' -f1)
printf '%s\n' "$KEY" >"$WORK/key-file"

# checkout DIR: a fresh git checkout with nothing secret in it.
checkout() {
	rm -rf "$1"
	mkdir -p "$1"
	git -C "$1" init -q
	echo "# app" >"$1/README.md"
	git -C "$1" remote add origin https://gitlab.example.invalid/app.git
}

# run_example CI IMAGE: runs the example in $WORK/CI-IMAGE; the job's
# exit status goes to $WORK/CI-IMAGE.rc, its log to .log.
run_example() {
	ci=$1
	img=$2
	dir=$WORK/$ci-$img
	checkout "$dir"
	mkdir -p "$WORK/tmp-$ci-$img"
	rc=0
	if [ "$ci" = github ]; then
		(cd "$dir" && RUNNER_TEMP="$WORK/tmp-$ci-$img" \
		    $PY "$TOP/tests/e2e/ci_steps.py" github \
		    "$TOP/examples/github-actions.yml" credatlas \
		    --skip "Tools for the checkout and the image" \
		    --skip "Build credatlas from source" \
		    --env "AGENT_IMAGE=oci-archive:$WORK/$img.tar" \
		    --secret "CREDATLAS_FINGERPRINT_KEY=$KEY") \
		    >"$dir.log" 2>&1 || rc=$?
	else
		(cd "$dir" && $PY "$TOP/tests/e2e/ci_steps.py" gitlab \
		    "$TOP/examples/gitlab-ci.yml" credatlas \
		    --env "AGENT_IMAGE=oci-archive:$WORK/$img.tar" \
		    --env "SCAN_TMP=$WORK/tmp-$ci-$img/scan" \
		    --env "CREDATLAS_FINGERPRINT_KEY=$WORK/key-file" \
		    --env "CI_PROJECT_URL=https://gitlab.example.invalid/app") \
		    >"$dir.log" 2>&1 || rc=$?
	fi
	echo "$rc" >"$dir.rc"
}

# check CI IMAGE WANT_RC: the job's status and its reports.
check() {
	dir=$WORK/$1-$2
	rc=$(cat "$dir.rc")
	[ "$rc" = "$3" ] || {
		cat "$dir.log" >&2
		fail "$1 example on the $2 image: exit $rc, want $3"
	}
	grep -q "^ci_steps: \|^Traceback" "$dir.log" && {
		cat "$dir.log" >&2
		fail "$1 example: the step runner complained"
	}
	for f in checkout.sarif checkout.html checkout.json image.sarif \
	    image.html image.json; do
		[ -s "$dir/reports/$f" ] || fail "$1 example on $2: no reports/$f"
	done
	assert_no_secrets "$SECRETS" "$dir"/reports/* "$dir.log"
	for left in credatlas.key scan agent-image; do
		if [ -e "$WORK/tmp-$1-$2/$left" ]; then
			fail "$1 example on $2: $left was left behind"
		fi
	done
}

for ci in github gitlab; do
	run_example "$ci" dirty
	check "$ci" dirty 1
	# The image's findings: the token a later layer deleted is there,
	# as deleted, and so is the config's ENV token; the checkout is clean.
	got=$(jq_py "$WORK/$ci-dirty/reports/image.json" '
sorted(set("%s%s" % (l["path"], " (deleted)" if l.get("deleted") else "")
    for c in d["credentials"] for l in c["locations"]))')
	case $got in
	*'"/app/config/.env (deleted)"'*'"/(image config)"'* | \
	    *'"/(image config)"'*'"/app/config/.env (deleted)"'*) ;;
	*) fail "$ci example: image findings: $got" ;;
	esac
	expect_eq "$ci checkout findings" \
	    "$(jq_py "$WORK/$ci-dirty/reports/checkout.json" \
	    'len(d["credentials"])')" 0
	grep -q "run Scan the agent base image: exit 0\|run script: exit 1" \
	    "$WORK/$ci-dirty.log" ||
	    fail "$ci example: unexpected steps: $(cat "$WORK/$ci-dirty.log")"

	run_example "$ci" clean
	check "$ci" clean 0
	expect_eq "$ci clean image findings" \
	    "$(jq_py "$WORK/$ci-clean/reports/image.json" \
	    'len(d["credentials"])')" 0
done
# The GitHub job ran every shell step but the two that install and build.
for step in "Fetch the agent base image" "Fingerprint key" \
    "Scan the checkout" "Scan the agent base image" "Gate"; do
	grep -q "^run $step: exit" "$WORK/github-clean.log" ||
	    fail "github example: step '$step' did not run"
done
echo "t_examples: ok"

#!/bin/sh
# the runner launcher; not a credential
exec ./bin/Runner.Listener run

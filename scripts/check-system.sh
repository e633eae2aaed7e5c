#!/bin/sh
# What the test suite needs from the system: Chromium (browser tests), Pango (WeasyPrint PDFs),
# npm (installs axe-core, the browser tests' accessibility checker) and xmlsec1 (SAML sign-in:
# pysaml2 signs and checks assertions with it).
# Installs them with apt-get when run as root; otherwise says in one message what to install.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v xmlsec1 >/dev/null 2>&1 || missing="$missing xmlsec1"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for the tests:$missing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null) && exit 0
fi
echo "The test suite needs these system packages:$missing"
echo "Install them with: sudo apt-get install$missing"
exit 1

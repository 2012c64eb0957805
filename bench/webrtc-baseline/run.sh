#!/usr/bin/env bash
# Median time from the participant's page load to the first remote video frame on both sides: RedConnect
# (real portal process + SignalR + call UI) against a minimal page pair on a bare WebSocket relay.
# Usage: bench/webrtc-baseline/run.sh [runs]   (default 5; needs /usr/bin/chromium and node)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/webrtc-baseline -c Release -v quiet -nologo
dotnet bench/webrtc-baseline/bin/Release/net10.0/webrtc-baseline.dll --runs "${1:-5}"

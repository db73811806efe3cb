/**
 * The tray launcher's help text.
 * @module
 */
import { TRAY_PORTS } from "./tray_options.ts";

export const TRAY_HELP = `Usage: tray-launcher [--option=value ...] [server options]

Starts a server in this process (or connects to a running one), opens the web UI in the browser already signed in,
and shows the server's state in the terminal and as desktop notifications (notify-send, osascript) where available.

Options:
  --no-hosted-server          Do not start a server; connect to the one at --hosturl
  --hosturl=<url>             The server to connect to with --no-hosted-server (default http://127.0.0.1:8200)
  --webservice-password=<pw>  The server password (with --no-hosted-server it signs in with it; with a hosted
                              server it sets the password, as the server option does)
  --webservice-port=<ports>   Ports for the hosted server (default ${TRAY_PORTS}, the first free one
                              is used); with --no-hosted-server and no --hosturl, the port to connect to
  --browser-command=<cmd>     Program that opens the web UI (default: xdg-open, open or start)
  --no-browser                Do not open a browser; print the sign-in link instead
  Every other option (--server-datafolder, --webservice-interface, --log-file ...) goes to the hosted server.

Keys (when stdin is a terminal):
  o  open the web UI (a fresh single-use sign-in link)
  p  pause the server (indefinitely)
  r  resume the server
  q  quit (stops the hosted server)

Signals:
  SIGINT, SIGTERM  quit (stops the hosted server)
  SIGUSR1          open the web UI
  SIGUSR2          pause when running, resume when paused

The launcher exits when the server stops.`;

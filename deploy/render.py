#!/usr/bin/env python3
"""Fill deploy/nginx/samtale.conf for one site and print it (standard library only).

    python3 deploy/render.py --server-name samtale.example.kommune.no \\
        --upstreams 127.0.0.1:8001,127.0.0.1:8002 \\
        --static-root /var/lib/samtale/static --media-root /var/lib/samtale/media \\
        [--tls [--tls-certificate PATH --tls-certificate-key PATH]] \\
        > /etc/nginx/sites-available/samtale

Only the ${SAMTALE_...} placeholders are filled; nginx's own $variables are left alone.
Without --tls the "#tls" lines stay comments, as an example; with it they are switched on.
"""

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "samtale.conf"
PLACEHOLDER = re.compile(r"\$\{(SAMTALE_[A-Z_]+)\}")
TLS_LINE = re.compile(r"^(\s*)#tls ?", re.MULTILINE)
UPSTREAM = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$|^unix:/[^\s;{}]+$")
WORD = re.compile(r"^[^\s;{}'\"$#]+$")


def render(
    *,
    server_name: str,
    upstreams: list[str],
    static_root: str,
    media_root: str,
    listen: str = "80",
    tls: bool = False,
    tls_listen: str = "443",
    tls_certificate: str = "",
    tls_certificate_key: str = "",
    template: Path = TEMPLATE,
) -> str:
    """The site's configuration; ValueError for a value that would break the file."""
    if not upstreams:
        raise ValueError("at least one upstream (host:port) is needed")
    for upstream in upstreams:
        if not UPSTREAM.match(upstream):
            raise ValueError(f"not host:port or unix:/path: {upstream!r}")
    live = f"/etc/letsencrypt/live/{server_name.split()[0]}"
    values = {
        "SAMTALE_SERVER_NAME": server_name,
        "SAMTALE_LISTEN": listen,
        "SAMTALE_UPSTREAMS": "\n".join(f"    server {upstream};" for upstream in upstreams),
        "SAMTALE_STATIC_ROOT": static_root.rstrip("/"),
        "SAMTALE_MEDIA_ROOT": media_root.rstrip("/"),
        "SAMTALE_TLS_LISTEN": tls_listen,
        "SAMTALE_TLS_CERTIFICATE": tls_certificate or f"{live}/fullchain.pem",
        "SAMTALE_TLS_CERTIFICATE_KEY": tls_certificate_key or f"{live}/privkey.pem",
    }
    for name, value in values.items():
        if name == "SAMTALE_UPSTREAMS":
            continue
        words = value.split() if name == "SAMTALE_SERVER_NAME" else [value]
        if not value or not all(WORD.match(word) for word in words):
            raise ValueError(f"{name.removeprefix('SAMTALE_').lower()}: {value!r}")
    text = template.read_text()
    unknown = set(PLACEHOLDER.findall(text)) - set(values)
    if unknown:
        raise ValueError(f"the template has placeholders render.py does not know: {unknown}")
    text = PLACEHOLDER.sub(lambda match: values[match.group(1)], text)
    if tls:
        text = TLS_LINE.sub(r"\1", text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server-name", required=True, help="host name(s), space-separated")
    parser.add_argument(
        "--upstreams",
        default="127.0.0.1:8001,127.0.0.1:8002",
        help="the samtale processes, comma-separated host:port (default: %(default)s)",
    )
    parser.add_argument("--static-root", default="/var/lib/samtale/static")
    parser.add_argument("--media-root", default="/var/lib/samtale/media")
    parser.add_argument("--listen", default="80", help="plain HTTP (default: %(default)s)")
    parser.add_argument("--tls", action="store_true", help="switch the #tls lines on")
    parser.add_argument("--tls-listen", default="443")
    parser.add_argument("--tls-certificate", default="", help="default: Let's Encrypt's path")
    parser.add_argument("--tls-certificate-key", default="")
    args = parser.parse_args(argv)
    try:
        text = render(
            server_name=args.server_name,
            upstreams=[item.strip() for item in args.upstreams.split(",") if item.strip()],
            static_root=args.static_root,
            media_root=args.media_root,
            listen=args.listen,
            tls=args.tls,
            tls_listen=args.tls_listen,
            tls_certificate=args.tls_certificate,
            tls_certificate_key=args.tls_certificate_key,
        )
    except ValueError as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

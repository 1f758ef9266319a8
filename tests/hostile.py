"""A corpus of hostile text, for injecting into every text field of every input file and map spec.

Written for this project from the usual families of attack: OWASP's XSS filter-evasion
vectors (adapted so that each one, if it ever ran, would call alert() or set window.__pwned),
Jinja/template syntax (one of them would create the canary file), JavaScript template literals,
script-closing sequences, HTML comments and CDATA, attribute breakouts, URL schemes, CSS,
bidirectional overrides, long strings, and control characters.

``CANARY`` in a payload is replaced with the path of a file that must never be created.
"""

PAYLOADS = [
    # Script elements and closings
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.invalid/xss.js></SCRIPT>",
    "</script><script>window.__pwned=1</script>",
    "</SCRIPT ><script>alert(2)</script>",
    "<scr<script>ipt>alert(3)</scr</script>ipt>",
    "<<SCRIPT>alert(4);//<</SCRIPT>",
    '<script type="application/json">{"x":1}</script>',
    # Event handlers
    '<img src=x onerror="window.__pwned=1">',
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<svg/onload=alert(5)>",
    "<svg><script>alert(6)</script></svg>",
    "<body onload=alert(7)>",
    '<iframe src="javascript:alert(8)"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "<details open ontoggle=alert(9)>",
    "<input autofocus onfocus=alert(10)>",
    '<video><source onerror="alert(11)">',
    "<marquee onstart=alert(12)>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>",
    '<a href="javascript:alert(14)">click</a>',
    '<a href="jav&#x09;ascript:alert(15)">click</a>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4="></object>',
    '<embed src="javascript:alert(17)">',
    "<form><button formaction=javascript:alert(18)>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(19)">',
    '<base href="javascript:alert(20)//">',
    '<link rel=stylesheet href="http://xss.invalid/x.css">',
    '<style>@import "http://xss.invalid/x.css";</style>',
    '<div style="background:url(javascript:alert(21))">',
    '<div style="width: expression(alert(22))">',
    # Attribute and quote breakouts
    '" onmouseover="alert(23)" x="',
    "' onmouseover='alert(24)' x='",
    '"><img src=x onerror=alert(25)>',
    "'; alert(26); var x='",
    '"; alert(27); var x="',
    '\\"; alert(28);//',
    # JavaScript template literals and JSON
    "${window.__pwned=1}",
    "`${alert(29)}`",
    '{"__proto__": {"polluted": true}}',
    "}]);alert(30);([{",
    # Template engines (Jinja, the cause of issue 8)
    "INJ {{7*7}} END",
    "{{ cycler.__init__.__globals__.os.system('touch CANARY') }}",
    "{% for x in range(3) %}{{x}}{% endfor %}",
    "{{ x.y }}",
    "{% raw %}{{ 1 }}{% endraw %}",
    "{#",
    "#{7*7} ${{7*7}} <%= 7*7 %>",
    # Comments, CDATA, entities
    "<!-- x --><script>alert(31)</script>",
    "--><script>alert(32)</script><!--",
    "<![CDATA[<script>alert(33)</script>]]>",
    "&lt;script&gt;alert(34)&lt;/script&gt; &amp; &#60;b&#62;",
    "line \u2028 and \u2029 separators",
    # Bidirectional controls and other Unicode
    "Tahoua \u202eevil\u202c end",
    "\u2066isolate\u2069 \u200b zero width",
    "Ménaka — Tillabéri “quoted” 'single' \U0001f4a5",
    # Big strings
    "A" * 5_000,  # the longest cell the loaders accept (geo.checks.MAX_TEXT); longer is refused
    "<b>" * 1000 + "deep",
]

# Payloads that contain control characters: every loader must reject them, naming the file, row and column.
CONTROL = [
    "NUL \x00 byte",
    "bell \x07 and escape \x1b[31m red",
    "back\x08space",
]

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2060"

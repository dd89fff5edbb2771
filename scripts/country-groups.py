#!/usr/bin/env python3
"""Writes src/text/groups/countries.tsv: every ISO 3166-1 country's name in
mainland China (zh_Hans_CN), Taiwan (zh_Hant_TW) and Hong Kong
(zh_Hant_HK), from the Unicode CLDR as packaged by Babel.

    pip install babel==2.19.0 && python3 scripts/country-groups.py

Not part of the build: the TSV is committed. CLDR data is under the
Unicode License v3 (https://www.unicode.org/license.txt).
"""
import re
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_cldr_version

# CLDR territories that are not ISO 3166-1 countries (EU, UN, pseudo
# locales, Ascension …), and CN, TW, HK, MO: regions the OpenCC
# dictionaries and the yearbook's own names handle, not vocabulary.
SKIP = set("AC CP CQ DG EA EU EZ IC QO TA UN XA XB XK ZZ CN TW HK MO".split())

cn = Locale.parse("zh_Hans_CN").territories
tw = Locale.parse("zh_Hant_TW").territories
hk = Locale.parse("zh_Hant_HK").territories
codes = sorted(c for c in cn if re.fullmatch("[A-Z]{2}", c) and c not in SKIP)
out = Path(__file__).resolve().parent.parent / "src/text/groups/countries.tsv"
lines = [
    f"# ISO 3166-1 country names: code, mainland, Taiwan, Hong Kong.",
    f"# Unicode CLDR {get_cldr_version()} (Babel {babel.__version__}), Unicode License v3;",
    f"# written by scripts/country-groups.py, do not edit by hand.",
]
for c in codes:
    lines.append("\t".join([c, cn[c], tw[c], hk[c]]))
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"{len(codes)} countries → {out}")

# SPDX-License-Identifier: GPL-2.0-or-later
# Flattens scdiag argdist --json output (argv[1]) into lines the argdist e2e tests read
# with awk; the line formats are described in tests/e2e/argdist-native.sh.
import json, sys
out = []
try:
    text, docs, i, dec = open(sys.argv[1]).read(), [], 0, json.JSONDecoder()
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        d, i = dec.raw_decode(text, i)
        docs.append(d)
    d = docs[0]
    out.append("doc %d %s %s" % (len(docs), d["command"], d["lost_events"]))
    for iv, b in enumerate(d["intervals"]):
        out.append("iv %d %s %s" % (iv, b["lost_events"], b["time"]))
        for sn, s in enumerate(b["specs"]):
            items = s["rows"] if s["kind"] == "count" else s["buckets"]
            out.append("spec %d %d %s %d %s" % (iv, sn, s["kind"], len(items), s["spec"]))
            if "label" in s:
                out.append("label %d %d %s" % (iv, sn, s["label"]))
            for r in s.get("rows", []):
                out.append("row %d %d %s : %d" % (iv, sn, " ".join(str(v) for v in r["values"]),
                                                 r["count"]))
            for k in s.get("buckets", []):
                out.append("bucket %d %d %d %d %d" % (iv, sn, k["low"], k["high"], k["count"]))
except Exception as e:
    out.append("bad %r" % e)
print("\n".join(out))

#!/usr/bin/env python3
"""Prints the constant tables and polynomial coefficients of io.gradgraph.kernel.PortableMath.

Run with mpmath installed (python3 -m pip install mpmath, or Debian's python3-mpmath):
    python3 graph-kernels/tools/portable_math_tables.py > /tmp/tables.txt
and paste the output into PortableMath.java. PortableMathTest re-checks every table entry with
BigDecimal arithmetic, so a paste error fails the build.
"""
import mpmath as mp

mp.mp.prec = 300
N = 128


def hi_lo(v):
    hi = float(v)
    lo = float(v - mp.mpf(hi))
    return hi, lo


def java(d):
    return d.hex().replace("0x1.0000000000000p", "0x1.0p") if d != 0 else "0.0"


def table(name, values, per_line=2):
    print(f"    private static final double[] {name} = {{")
    for i in range(0, len(values), per_line):
        print("        " + ", ".join(java(v) for v in values[i:i + per_line]) + ",")
    print("    };")


# exp: 2^(j/128) = EXP_HI[j] + EXP_LO[j]
ehi, elo = zip(*[hi_lo(mp.power(2, mp.mpf(j) / N)) for j in range(N)])
table("EXP_HI", ehi)
table("EXP_LO", elo)

# log: c_i = 1 + i/128, LOG_INVC[i] = RN(1/c_i) (1 for i = 0), -ln(LOG_INVC[i]) = LOG_C_HI[i] + LOG_C_LO[i]
invc = [1.0] + [float(1 / (1 + mp.mpf(i) / N)) for i in range(1, N)]
lhi, llo = zip(*[hi_lo(-mp.log(mp.mpf(v))) for v in invc])
table("LOG_INVC", invc)
table("LOG_C_HI", lhi)
table("LOG_C_LO", llo)

ln2 = mp.log(2)
ln2n_hi, ln2n_lo = hi_lo(ln2 / N)
print("    LN2_N_HI =", java(ln2n_hi), " LN2_N_LO =", java(ln2n_lo), " INV_LN2_N =", java(float(N / ln2)))
# ln2 split so that k * LN2_HI is exact for |k| < 2^11
ln2_hi = float(mp.floor(ln2 * mp.power(2, 42)) / mp.power(2, 42))
print("    LN2_HI =", java(ln2_hi), " LN2_LO =", java(float(ln2 - mp.mpf(ln2_hi))))


# tanh(x) = x + x^3 P(x^2) for |x| < 1/4: near-minimax P of degree 7 on t = x^2 in [0, 1/16]
def f(t):
    if t == 0:
        return mp.mpf(-1) / 3
    x = mp.sqrt(t)
    return (mp.tanh(x) - x) / x ** 3


poly, err = mp.chebyfit(f, [0, mp.mpf(1) / 16], 8, error=True)
print("    tanh P (c0..c7):", ", ".join(java(float(c)) for c in reversed(poly)),
      " max abs error of P:", mp.nstr(err, 5))

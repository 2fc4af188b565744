# Nested quantifiers over a run of one letter not followed by what the
# expression needs: exponential backtracking, stopped by PCRE2's match limit.
[amount.evil]
regex = (?<amount>(?:a+)+万元)

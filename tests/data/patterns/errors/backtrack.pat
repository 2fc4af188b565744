[amount.evil]
priority = 1000
regex = (?:a+)+$

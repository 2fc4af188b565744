[amount.bad]
family = amount
# the group is never closed
regex = (?<amount>{MONEY}

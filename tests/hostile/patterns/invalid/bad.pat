[amount.bad]
regex = (?<amount>{MONEY}

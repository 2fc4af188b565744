[amount.colour]
regex = (?<colour>红色)(?<amount>{MONEY})

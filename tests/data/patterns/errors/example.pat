[amount.wrong_example]
regex = (?<amount>{MONEY})
example = 这里没有金额

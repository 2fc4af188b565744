[amount.colour]
regex = (?<colour>\d+)万元

[amount.inmacro]
regex = 比{PAREN_BAD}

# A user pattern set: one new family member and one override of a default.

# new: 占比 stated after the whole ("一般公共预算占比37.9%")
define SHARE_WORD = 占比|比重
[share.after]
family = share
priority = 5
regex = (?<of>[\p{sc=Han}]{2,12}?)(?:{SHARE_WORD})为?(?<share>{PCT})
example = 一般公共预算占比37.9%

# override: a bare amount, no subject
[amount.subject]
priority = 1
regex = (?<amount>{MONEY})
example = 953.39万元

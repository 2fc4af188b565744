# 10_amount.pat — a subject stated with an amount: 一般公共预算支出953.39万元.
# Fields: subject, amount (number and unit), period (a year before the
# subject), approx (约, 近, 超过 …).

[amount.subject]
priority = 10
regex = (?:(?<![比较与至于到])(?<period>{YEAR}){S}|{BOUNDARY}){SUBJ_AHEAD}
    (?<subject>{SUBJ}){NOT_CHANGE_END}
    (?:为|是|达到?|共计|共有|共)?{S}
    (?<approx>约|近|超过|逾|不足|不到)?{S}
    (?<amount>{MONEY})
example = 2019年部门一般公共预算支出953.39万元，同比增加183.39万元
example = 2020年预算收入36.27万元，其中
example = （二）公用经费54.56万元，同比增加13.66万元
example = 年初预算为2993.92万元，支出决算为2940.05万元
example = （一）因公出国（境）经费2019年预算0万元
nonexample = 同比增加183.39万元
nonexample = 比2018年（上一年）预算4.62万元
nonexample = （一）201类一般公共服务支出

# The subject comes before the year: 公务接待费2019年预算0.81万元.
[amount.subject_period]
priority = 20
regex = {BOUNDARY}{SUBJ_AHEAD}(?<subject>{SUBJ})(?<period>{YEAR}){S}
    (?:预算|决算)?(?:安排|执行数|数)?(?:为|是|共计)?{S}
    (?<amount>{MONEY})
example = （二）公务接待费2019年预算0.81万元，同比增加0.19万元
nonexample = 比2018年（上一年）预算4.62万元

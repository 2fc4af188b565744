# 60_headcount.pat — staff numbers: 单位人员编制总数为86人, 行政编制（含参公
# 单位）37人, 编内在职73人, 编制339名.  Fields: subject, count (the number
# only, in digits), unit (人 or 名).

[headcount.subject]
priority = 20
regex = {BOUNDARY}{SUBJ_AHEAD}(?<subject>(?:{SUBJ_START}\p{sc=Han}{NAME_CHARS}{0,30}?)?
        (?:编制(?:总数|数)?|在职(?:人员)?|在编(?:人员)?|人员|离休|退休(?:补助)?|退休人|人数|职工|干部|工勤)
        (?:{PAREN})?)
    (?:总数)?(?:为|共|共有|有)?{S}
    (?<count>(?<![\d.])\d+(?![\d.])){S}(?<unit>人|名)(?!次|份|天|日)
example = 单位人员编制总数为86人，其中：行政编制（含参公单位）37人，事业编制40人
example = 离休人员2人，退休补助 5人。
example = 退休补助23人
example = 编制339名，其中行政编制199名
nonexample = 其中行政编制
nonexample = 集中活动不低于50人次
nonexample = 本部门共有直属单位4个

# 8名在职人员
[headcount.count_first]
priority = 10
regex = (?<![\d.])(?<count>\d+){S}(?<unit>名|人)
    (?<subject>(?:在职|在编|离退休|退休|离休|编内|编外)?(?:人员|职工|干部))
example = 本部门预算还包括江苏省联谊俱乐部8名在职人员
nonexample = 慰问人数不少于100人,宣传用品

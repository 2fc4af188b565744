# 70_parts.pat — how a total is split.  Fields: list (the text that lists
# the parts, up to the end of the sentence), by (the classification named by
# 按…划分), code and subject and amount (a functional class such as
# 201类一般公共服务支出361.37万元).

# 其中：行政编制37人，事业编制40人 — the list may start on the next line.
[parts.among]
priority = 20
regex = 其中[：:，,]?\s*(?<list>[^。\n]{1,400})
example = 2020年预算收入36.27万元，其中：一般公共预算收入36.27万元，基金预算收入0万元。
example = 同比增长55.3%，其中：
    \n基本工资117.33万元，同比减少5.1万元
nonexample = 其中。

# 包括人员经费31.46万元和日常公用经费4.81万元
[parts.comprise]
priority = 10
regex = (?:包括|包含)[：:]?\s*(?<list>[^。\n]{1,400})
example = 基本支出36.27万元，包括人员经费31.46万元和日常公用经费4.81万元；项目支出0万元

# 按支出功能分类科目划分
[parts.by]
priority = 20
regex = 按(?<by>[^，。；：\d\n]{2,20}?)划分
example = 按支出功能分类科目划分，具体支出预算如下：
example = （二）按支出结构划分

# （一）201类一般公共服务支出361.37万元
[parts.class]
priority = 30
regex = (?<![\d.])(?<code>2[0-3]\d)类{S}(?<subject>\p{sc=Han}{NAME_CHARS}{0,30}?){S}(?<amount>{MONEY})
example = （一）201类一般公共服务支出361.37万元，占一般公共预算37.9%
example = （四）221类住房保障支出35.25万元，占一般公共预算3.69%

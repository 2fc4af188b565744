/* identity.h — which quantity a figure is: item, measure, scope, level, period.
 *
 * The subject a figure was read with is the string next to its number: "项）",
 * "支出决算", "收入总量" and "行政运行" are all subjects.  A check that
 * compares figures by that string compares different quantities.  The
 * identity names the quantity instead:
 *
 *   item     what is measured: the 类/款/项 path when the report prints one
 *            for the figure ("公共安全支出 › 司法 › 行政运行"), else the
 *            subject with codes, measure words and level words taken off
 *            ("一般公共预算支出", "公务接待费");
 *   code     the 科目 codes printed with the path, joined ("2040601"); "";
 *   measure  which figure of the item: 年初预算, 调整预算, 全年预算, 预算,
 *            执行数, 预计执行, 决算; "" when neither the text nor the kind of
 *            document says (a 部门预算 states 预算 figures, a 部门决算 决算
 *            figures unless the text says otherwise);
 *   scope    whose money: 财政拨款, 一般公共预算, 政府性基金预算, 国有资本经营
 *            预算, 社会保险基金预算, 财政专户 — from the subject, else the
 *            words before it in its paragraph, else the total it is a part
 *            of, else the headings of its section; "" when none says;
 *   level    whose budget, for government reports: 全市, 市本级, 全省 …,
 *            found the same way;
 *   period   the year the figure is of: the year printed before it in its
 *            sentence, else the figure's own period (a year of the subject,
 *            上年), else a year in its section's heading, else the
 *            document's year.
 *
 * An item is generic when nothing but a measure word, a total word or a
 * fragment of a heading is left of it (预算, 支出决算, 收入总量, 项）, 合计):
 * such a figure never counts as the same quantity as another one.
 *
 * Identity is computed once, after figures are linked (it needs the parts'
 * totals), by reading the text around each figure and its section headings;
 * the checks read only the result. */
#ifndef FISCAN_IDENTITY_H
#define FISCAN_IDENTITY_H

#include "figures.h"
#include "outline.h"
#include "text.h"

/* Fills the identity of every figure of f (f->v[i].id), reading t around
 * each figure and the headings of outline (may be NULL).  Returns 0 or
 * FS_E_NOMEM; on failure the identities filled so far are freed with f. */
int fs_identity_assign(const fs_text *t, const fs_outline *outline, fs_figures *f);

/* 1 when the identities of figures a and b are both known to the end (item
 * not generic, measure known) and equal in item, code, measure, scope, level
 * and period. */
int fs_identity_same(const fs_identity *a, const fs_identity *b);

/* The name of where a part of the identity was read ("subject", "line",
 * "heading", "parent", "document", ""); static. */
const char *fs_identity_source_name(fs_id_source s);

#endif

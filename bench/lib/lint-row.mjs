// The `lint` row's loop: lint every text, count findings by rule and verdicts. round.mjs imports this file
// once per row that lints (its own core, a baseline core) under a different URL, so that each row runs its
// own copy of the loop, with its own type feedback: a shared loop would see two cores at one call site.
// `options` are lint's (the CloudFormation row lints its texts as YAML).
export function lintRow(core, texts, options) {
  return () => {
    let findings = 0;
    const verdicts = {};
    const rules = {};
    for (const t of texts) {
      const r = options ? core.lint(t, options) : core.lint(t);
      findings += r.diagnostics.length;
      for (const d of r.diagnostics) rules[d.rule] = (rules[d.rule] ?? 0) + 1;
      for (const p of r.policies) verdicts[p.mfa] = (verdicts[p.mfa] ?? 0) + 1;
    }
    return { findings, verdicts, rules };
  };
}

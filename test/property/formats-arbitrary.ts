/**
 * Hostile texts in every format the core reads, and in every place a policy may be held: a file named
 * for its format, a Markdown fence (at the top level and in a list item), a YAML block scalar and a
 * `!Sub |` block in a template, a JSON string in a template, a YAML double-quoted string, a Terraform
 * template file. Used by the property "lint-never-throws-in-every-format".
 */
import fc from 'fast-check';
import '../../src/core/yaml';
import { hostileText, mutatedPolicy } from './text-arbitrary';

export interface FormatCase {
  text: string;
  fileName: string;
}

const indent = (text: string, by: string) => text.replace(/\r?\n/g, (eol) => `${eol}${by}`);

const TEMPLATE_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n';

/** Each way of holding `text`, with the file name that makes the core read it so. */
const CONTAINERS: Array<(text: string) => FormatCase> = [
  (t) => ({ text: t, fileName: 'template.yaml' }),
  (t) => ({ text: t, fileName: 'stack.template' }),
  (t) => ({ text: t, fileName: 'serverless.yml' }),
  (t) => ({ text: t, fileName: 'README.md' }),
  (t) => ({ text: t, fileName: 'policy.json.tpl' }),
  (t) => ({ text: t, fileName: 'policy.txt' }),
  (t) => ({ text: t, fileName: 'main.tf' }),
  (t) => ({ text: `# Policy\n\n\`\`\`json\n${t}\n\`\`\`\n`, fileName: 'README.md' }),
  (t) => ({ text: `Steps:\n\n1. Attach it:\n\n   \`\`\`json\n   ${indent(t, '   ')}\n   \`\`\`\n`, fileName: 'docs.md' }),
  (t) => ({ text: `> \`\`\`yaml\n> ${indent(t, '> ')}\n`, fileName: 'notes.md' }),
  (t) => ({ text: `\`\`\`hcl\npolicy = <<-EOF\n  ${indent(t, '  ')}\n  EOF\n\`\`\`\n`, fileName: 'tf.md' }),
  (t) => ({ text: `${TEMPLATE_HEAD}      PolicyDocument: |\n        ${indent(t, '        ')}\n`, fileName: 'block.yaml' }),
  (t) => ({ text: `${TEMPLATE_HEAD}      PolicyDocument: !Sub |\n        ${indent(t, '        ')}\n`, fileName: 'sub.yaml' }),
  (t) => ({ text: `${TEMPLATE_HEAD}      PolicyDocument: ${JSON.stringify(t)}\n`, fileName: 'quoted.yaml' }),
  (t) => ({
    text: JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: t } } } }, null, 2),
    fileName: 'template.json',
  }),
  (t) => ({
    text: JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [{ values: { policy: t } }] } } }),
    fileName: 'plan.json',
  }),
];

export const formatCase: fc.Arbitrary<FormatCase> = fc
  .tuple(fc.oneof(hostileText, mutatedPolicy), fc.integer({ min: 0, max: CONTAINERS.length - 1 }))
  .map(([text, i]) => CONTAINERS[i]!(text));

const TEMPLATE_FOR_STRING = (policy: string) =>
  JSON.stringify(
    { Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Groups: ['users'], PolicyDocument: policy } } } },
    null,
    2,
  );

/**
 * The same JSON policy text held in each other place the core reads, with the file name that makes
 * it read so: its verdict, kind and lock-out must not change (verdict-stable-in-every-format). In a
 * Terraform template `${` starts an interpolation, so the policy's own `${...}` are written `$${...}`
 * there, as Terraform's docs say.
 */
export const HOLDERS: ReadonlyArray<{ name: string; hold: (json: string) => FormatCase }> = [
  {
    name: 'a json fence',
    hold: (t) => ({ text: `# Policy\n\nAttach this:\n\n\`\`\`json\n${t}\n\`\`\`\n\nDone.\n`, fileName: 'README.md' }),
  },
  {
    name: 'a fence in a list item',
    hold: (t) => ({ text: `1. Attach it:\n\n   \`\`\`json\n   ${indent(t, '   ')}\n   \`\`\`\n`, fileName: 'docs.md' }),
  },
  { name: 'a blockquote fence', hold: (t) => ({ text: `> \`\`\`json\n> ${indent(t, '> ')}\n> \`\`\`\n`, fileName: 'notes.md' }) },
  { name: 'a JSON string in a template', hold: (t) => ({ text: TEMPLATE_FOR_STRING(t), fileName: 'template.json' }) },
  {
    name: 'a YAML block in a template',
    hold: (t) => ({
      text: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Groups: [users]\n      PolicyDocument: |\n        ${indent(t, '        ')}\n`,
      fileName: 'template.yaml',
    }),
  },
  {
    name: "a plan's values.policy",
    hold: (t) => ({
      text: JSON.stringify(
        { format_version: '1.2', planned_values: { root_module: { resources: [{ type: 'aws_iam_policy', values: { policy: t } }] } } },
        null,
        2,
      ),
      fileName: 'plan.json',
    }),
  },
  { name: 'a Terraform template file', hold: (t) => ({ text: t.replace(/\$\{/g, () => '$${'), fileName: 'policy.json.tpl' }) },
  { name: 'a .txt file', hold: (t) => ({ text: t, fileName: 'policy.txt' }) },
];

export const holderIndex = fc.integer({ min: 0, max: HOLDERS.length - 1 });

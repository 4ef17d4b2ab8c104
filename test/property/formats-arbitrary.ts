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

/** The core's Terraform reader for tests, loaded from node_modules, as a host loads it before linting a .tf file. */
import path from 'node:path';
import { loadHcl } from '../../src/core/hcl';

/** The folder of an installed package's file (the .wasm files stand there). */
export const packageDirOf = (file: string): string => path.dirname(require.resolve(file));

export const TREE_SITTER_WASM_DIR = packageDirOf('web-tree-sitter/tree-sitter.wasm');
export const TERRAFORM_GRAMMAR_DIR = packageDirOf('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');

export function loadTerraformReader(): Promise<void> {
  return loadHcl(TREE_SITTER_WASM_DIR, TERRAFORM_GRAMMAR_DIR);
}

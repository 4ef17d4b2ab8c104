// The `force-mfa` binary: wires the process to main(). Output to a closed pipe (`| head -1`)
// ends quietly: EPIPE turns further writes into no-ops instead of an unhandled 'error' crash.
import { main, type Output } from './main';

function guarded(stream: NodeJS.WriteStream): Output {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    closed = true;
    if (e.code !== 'EPIPE') {
      process.exitCode = 2;
      if (stream !== process.stderr) process.stderr.write(`force-mfa: cannot write output: ${e.message}\n`);
    }
  });
  return {
    write(chunk: string) {
      if (!closed) stream.write(chunk);
    },
  };
}

main(process.argv.slice(2), {
  stdout: guarded(process.stdout),
  stderr: guarded(process.stderr),
  cwd: process.cwd(),
  // A function: process.stdin is opened only when `-` is linted.
  stdin: () => process.stdin,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
}).then((code) => {
  // A write error may already have set 2.
  process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
});

// placeholder until the CLI lands
console.error('pathcredit: the command line is not built yet');
process.exit(1);

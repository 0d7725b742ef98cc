const root = process.argv[2];
const limit = process.argv[3] ? Number(process.argv[3]) : undefined;
const { verbatimTruthJob } = await import(`${root}/bench/jobs/saudinewsnet.ts`);
const r = await verbatimTruthJob({ path: '/work/shared/corpora/saudinewsnet/articles.jsonl.gz', limit, options: {} });
console.log(JSON.stringify(r, null, 1));

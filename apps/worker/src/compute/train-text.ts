// The train task on a text corpus: a character transformer trained on next characters, or distilled per token from a teacher.
import type * as tf from '@tensorflow/tfjs';
import { buildModel, distillLanguageModel, loadModel, saveModel, train, type TextDataset, type TrainProgress } from '@distillery/ml';
import type { Backend } from '@distillery/schemas';
import { JobInputError } from './failures.js';
import type { TrainTask, TrainTaskResult } from './protocol.js';
import type { TaskContext } from './tasks.js';
import { contextOf, readVocabulary, remapText, textWindowBatches, tokenCrossEntropy, unknownShare, writeVocabulary } from './text-data.js';

export async function trainLanguageModel(task: TrainTask, ctx: TaskContext, corpus: TextDataset, backend: Backend): Promise<TrainTaskResult> {
  const context = contextOf(task.arch, task.distill === null ? 'arch' : 'student');
  let teacher: tf.LayersModel | null = null;
  let data = corpus;
  if (task.distill !== null) {
    // The student must speak the teacher's vocabulary: its per-token targets are the teacher's logits over it.
    const vocab = await readVocabulary(task.distill.teacherDir);
    if (vocab === null) throw new JobInputError('teacher: the teacher has no character vocabulary, so it is not a character language model');
    data = remapText(corpus, vocab);
    teacher = await loadModel(task.distill.teacherDir);
    const teacherContext = teacher.inputs[0]?.shape[1];
    if (typeof teacherContext === 'number' && teacherContext < context) {
      teacher.dispose();
      throw new JobInputError(`student.context: ${context} is longer than the teacher's context ${teacherContext}`);
    }
  }
  const vocabSize = data.vocab.length;
  const model = buildModel(task.arch, { inputShape: [context], vocabSize }, { seed: task.config.seed });
  const onProgress = async (p: TrainProgress): Promise<void> => {
    await ctx.reporter.progress(task.stage, p.step, p.totalSteps ?? p.step, { loss: p.loss });
    if (p.step % task.config.checkpointEvery === 0) await ctx.reporter.checkpoint({ step: p.step }, task.checkpointDir);
  };
  const checkpoint = { dir: task.checkpointDir, resume: true, keep: 2 };
  try {
    if (task.distill !== null) {
      await ctx.reporter.progress(task.stage, 0, 0, {
        message: `${(unknownShare(data.train) * 100).toFixed(2)}% of the training characters are outside the teacher's vocabulary`,
      });
    }
    let result;
    const distill = task.distill;
    if (teacher === null || distill === null) {
      const batches = textWindowBatches(data.train, context, task.config.batchSize);
      result = await train({
        model,
        batches: batches.source,
        loss: tokenCrossEntropy(vocabSize),
        config: task.config,
        stepsPerEpoch: batches.stepsPerEpoch,
        onProgress,
        checkpoint,
      });
    } else {
      result = await distillLanguageModel({
        teacher,
        student: model,
        tokens: data.train,
        context,
        config: task.config,
        temperature: distill.temperature,
        alpha: distill.alpha,
        ...(distill.cacheTeacherLogits ? { cacheDir: `${task.checkpointDir}/teacher-logits` } : {}),
        onProgress,
        checkpoint,
      });
    }
    await saveModel(model, task.outputDir);
    await writeVocabulary(task.outputDir, data.vocab);
    return { steps: result.steps, finalLoss: result.finalLoss, resumedFromStep: result.resumedFromStep, params: model.countParams(), backend };
  } finally {
    model.dispose();
    teacher?.dispose();
  }
}

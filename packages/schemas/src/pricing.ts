// Device price table: USD per device-hour, every default citing its public source.
import { z } from 'zod';

export const PriceEntry = z.object({
  device: z.string().min(1).max(64),
  description: z.string().max(200),
  pricePerHourUsd: z.number().min(0).max(10_000),
  source: z.string().min(1).max(400),
  asOf: z.string().max(40),
});
export type PriceEntry = z.infer<typeof PriceEntry>;

export const PriceTable = z.object({ cpu: PriceEntry, gpu: PriceEntry });
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * Defaults, overridable by DISTILLERY_PRICE_CPU_USD_HOUR / DISTILLERY_PRICE_GPU_USD_HOUR in the worker.
 * cpu: a 2-vCPU general-purpose on-demand instance, the size of the machines these defaults are measured on.
 * gpu: one H200 on-demand, a single-GPU share of an 8-GPU instance.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  cpu: {
    device: 'cpu',
    description: 'AWS EC2 m7i.large (2 vCPU, 8 GiB), Linux on-demand, us-east-1',
    pricePerHourUsd: 0.1008,
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/ (m7i.large, us-east-1, Linux)',
    asOf: '2026-11',
  },
  gpu: {
    device: 'gpu',
    description: 'One NVIDIA H200 141 GB: AWS EC2 p5en.48xlarge (8× H200) on-demand price divided by 8',
    pricePerHourUsd: 63.296 / 8,
    source: 'https://aws.amazon.com/ec2/instance-types/p5/ and https://aws.amazon.com/ec2/pricing/on-demand/ (p5en.48xlarge, us-east-1)',
    asOf: '2026-11',
  },
};

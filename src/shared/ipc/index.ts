import type { z } from 'zod'
import { mergeContracts } from './define'
import { appContract } from './app'
import { ioContract } from './io'
import { recordingsContract } from './recordings'
import { exportContract } from './export'
import { syncContract } from './sync'
import { orgContract } from './org'

export * from './define'
export * from './app'
export * from './io'
export * from './recordings'
export * from './export'
export * from './sync'
export * from './org'

/** The whole main ⇄ renderer contract: every channel with its request and response schema. */
export const contract = mergeContracts(appContract, ioContract, recordingsContract, exportContract, syncContract, orgContract)

export type Contract = typeof contract
export type Channel = keyof Contract
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>
export const channels = Object.keys(contract) as Channel[]

export * from './events'

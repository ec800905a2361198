/* Worker threads: jobs in through a mutex-protected queue, results back through a pipe. */
#include "worker.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

struct job {
    struct job *next;
    void (*work)(void *);
    void (*done)(void *);
    void *arg;
};

struct worker_pool {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct job *head, *tail;
    bool stopping;
    int nthreads;
    pthread_t *threads;
    int pipe_fd[2]; /* finished jobs: pointers written by workers, read by the loop */
    struct event *finished;
};

static void *worker_main(void *arg)
{
    struct worker_pool *pool = arg;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        while (!pool->head && !pool->stopping)
            pthread_cond_wait(&pool->wake, &pool->lock);
        struct job *job = pool->head;
        if (job) {
            pool->head = job->next;
            if (!pool->head)
                pool->tail = NULL;
        }
        pthread_mutex_unlock(&pool->lock);
        if (!job)
            return NULL; /* stopping, and nothing left to do */
        job->work(job->arg);
        /* A pointer is smaller than PIPE_BUF, so this write is atomic. */
        ssize_t n;
        do
            n = write(pool->pipe_fd[1], &job, sizeof job);
        while (n < 0 && errno == EINTR);
        if (n != (ssize_t)sizeof job)
            abort(); /* the loop could never finish the job: better to stop loudly */
    }
}

static void finished_cb(evutil_socket_t fd, short what, void *arg)
{
    struct job *jobs[64];
    ssize_t n = read(fd, jobs, sizeof jobs);
    for (ssize_t i = 0; i < n / (ssize_t)sizeof jobs[0]; i++) {
        jobs[i]->done(jobs[i]->arg);
        free(jobs[i]);
    }
}

struct worker_pool *worker_pool_new(struct event_base *base, int threads)
{
    struct worker_pool *pool = xcalloc(1, sizeof *pool);
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->wake, NULL);
    if (pipe(pool->pipe_fd) != 0) {
        log_error("cannot create the worker pipe");
        abort();
    }
    fcntl(pool->pipe_fd[0], F_SETFL, O_NONBLOCK);
    pool->finished = event_new(base, pool->pipe_fd[0], EV_READ | EV_PERSIST, finished_cb, pool);
    event_add(pool->finished, NULL);
    pool->threads = xcalloc((size_t)threads, sizeof *pool->threads);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&pool->threads[i], NULL, worker_main, pool) != 0)
            break;
        pool->nthreads++;
    }
    return pool;
}

int worker_run(struct worker_pool *pool, void (*work)(void *arg), void (*done)(void *arg),
               void *arg)
{
    if (pool->nthreads == 0)
        return -1;
    struct job *job = xcalloc(1, sizeof *job);
    job->work = work;
    job->done = done;
    job->arg = arg;
    pthread_mutex_lock(&pool->lock);
    if (pool->tail)
        pool->tail->next = job;
    else
        pool->head = job;
    pool->tail = job;
    pthread_cond_signal(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    return 0;
}

void worker_pool_free(struct worker_pool *pool)
{
    if (!pool)
        return;
    pthread_mutex_lock(&pool->lock);
    pool->stopping = true;
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->nthreads; i++)
        pthread_join(pool->threads[i], NULL);
    /* Deliver what finished while stopping, so every done() still runs once. */
    finished_cb(pool->pipe_fd[0], EV_READ, pool);
    event_free(pool->finished);
    close(pool->pipe_fd[0]);
    close(pool->pipe_fd[1]);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->wake);
    free(pool->threads);
    free(pool);
}
